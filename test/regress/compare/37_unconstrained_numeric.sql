-- numeric columns without precision/scale: each value keeps its own display scale (and may
-- be NaN, Infinity or longer than 38 digits), so they cross the engine as text and
-- PostgreSQL computes with them; conditions on one table run in its scan.

SELECT u.id, u.n, u.m, d.name FROM free_nums u JOIN dims d ON d.dim_id = u.id ORDER BY u.id;

SELECT u.id, u.n * 2, u.n + u.m, round(u.n, 2), u.n::float8 FROM free_nums u LEFT JOIN dims d ON d.dim_id = u.id + 1000 WHERE u.n < 100 OR u.n IS NULL ORDER BY u.id;

SELECT d.name, u.n FROM free_nums u JOIN dims d ON d.dim_id = u.id ORDER BY u.n DESC NULLS LAST, d.name LIMIT 4;

SELECT u.id, u.m / 3 FROM free_nums u JOIN dims d ON d.dim_id = u.id WHERE u.m <> 0 ORDER BY u.id;
