-- The engine's pgf_numeric_div against PostgreSQL's numeric division, value for value:
-- PostgreSQL's result scale (at least 16 significant digits, at least either operand's
-- scale) and rounding half away from zero, for negative, tiny, large and exact quotients.
CREATE EXTENSION IF NOT EXISTS pg_fusion;
CREATE TABLE nd_pairs (a numeric, b numeric, result_scale int);
INSERT INTO nd_pairs VALUES
    (1, 3, 24), (-1, 3, 24), (2, 3, 24), (-2, 3, 24), (1, -7, 24), (0, 5, 24), (0.00, 7.5, 24),
    (10, 4, 24), (1, 8, 24), (123.45, 0.01, 24), (0.01, 123.45, 24), (9999.99, 0.03, 24),
    (1.5, 2, 24), (2.5, 2, 24), (-2.5, 2, 24), (5, 9999, 24), (5, 10000, 24), (5, 10001, 24),
    (99999999999999.99, 0.07, 18), (1, 9999999, 24), (123456789012345678, 7, 10),
    (0.0000001, 3, 32), (22, 7, 24), (355, 113, 24), (1e10, 3, 24), (12345.6789, 1.1, 24),
    (7, 7, 24), (-0.5, 1000, 24), (0.125, 0.5, 24), (1, 0.3333, 24);
SELECT a, b,
       a / b AS postgres,
       fusion.engine_eval(format('SELECT CAST(pgf_numeric_div(CAST(%s AS DECIMAL(38,%s)), CAST(%s AS DECIMAL(38,%s)), %s) AS VARCHAR)',
                                 a, scale(a), b, scale(b), result_scale))::numeric = a / b AS same
FROM nd_pairs ORDER BY a, b;
-- division by zero, and a quotient needing more decimals than the result holds
SELECT fusion.engine_eval('SELECT CAST(pgf_numeric_div(CAST(1 AS DECIMAL(38,0)), CAST(0 AS DECIMAL(38,0)), 20) AS VARCHAR)');
SELECT fusion.engine_eval('SELECT CAST(pgf_numeric_div(CAST(1 AS DECIMAL(38,0)), CAST(3000000000 AS DECIMAL(38,0)), 20) AS VARCHAR)');
DROP TABLE nd_pairs;
