-- numeric division in the select list: the engine delivers the operands, PostgreSQL divides
-- (the result scale of numeric division depends on the values).

SELECT dim_id, sum(price) / count(*), sum(price) / sum(qty), 100.00 * sum(CASE WHEN qty > 25 THEN price ELSE 0.00 END) / sum(price) FROM facts WHERE id <= 20000 GROUP BY dim_id ORDER BY dim_id NULLS FIRST;

SELECT id, price / qty, price / 3, (price + 1) / (qty + 0.5) FROM facts WHERE id <= 200 AND qty IS NOT NULL AND qty <> 0 ORDER BY id;

-- TPC-H Q14 shape (its ELSE 0 is refused: CASE branches of different numeric scales)
SELECT 100.00 * sum(CASE WHEN d.region = 'north' THEN f.price * (1 - 0.05) ELSE 0.0000 END) / sum(f.price * (1 - 0.05)) AS promo FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 100000;

-- with avg and an outer join
SELECT d.region, avg(f.qty), sum(f.price) / nullif(count(f.id), 0) FROM dims d LEFT JOIN facts f ON f.dim_id = d.dim_id AND f.id <= 5000 GROUP BY d.region ORDER BY d.region NULLS FIRST;

-- numeric(38,10) operands
SELECT id, n38_10 / 7, n38_10 / n38_0 FROM nums WHERE n38_0 IS NOT NULL AND n38_0 <> 0 ORDER BY id;
