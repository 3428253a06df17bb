-- Functions in FROM (generate_series, unnest, ...) are read through a PostgreSQL scan of
-- their own: a date spine left-joined to facts, ordinality, unnest of a constant array.

SELECT g.d::date AS day, count(f.id), sum(f.qty) FROM generate_series(date '2020-01-01', date '2020-01-20', interval '1 day') AS g(d) LEFT JOIN facts f ON f.d = g.d::date AND f.id <= 200000 GROUP BY 1 ORDER BY 1;

SELECT g.i, s.t FROM generate_series(1, 30) WITH ORDINALITY AS g(i, n) JOIN strs s ON s.id = g.i WHERE g.n % 2 = 0 ORDER BY 1;

SELECT d.dim_id, d.name, x FROM dims d JOIN unnest(ARRAY[1, 2, 3, NULL, 50]) AS x ON x = d.dim_id ORDER BY 1;

SELECT m, count(f.id) FROM generate_series(1, 12) AS m LEFT JOIN facts f ON extract(month FROM f.d) = m AND f.id <= 50000 GROUP BY m ORDER BY m;
