-- count(DISTINCT), sum(DISTINCT), min/max(DISTINCT) and aggregate FILTER (WHERE ...).

SELECT count(DISTINCT dim_id), count(DISTINCT cat), count(DISTINCT qty), count(DISTINCT d) FROM facts WHERE id <= 50000;

SELECT dim_id, count(DISTINCT cat), sum(DISTINCT qty), min(DISTINCT price), max(DISTINCT d) FROM facts WHERE id <= 20000 GROUP BY dim_id ORDER BY dim_id NULLS FIRST;

SELECT count(DISTINCT i2), sum(DISTINCT i4), sum(DISTINCT i8), count(DISTINCT n9_2), sum(DISTINCT n9_2) FROM types_t;

SELECT count(DISTINCT t), count(DISTINCT vc), count(DISTINCT ch) FROM strs;

-- FILTER
SELECT count(*) FILTER (WHERE qty > 25), count(cat) FILTER (WHERE flag), sum(qty) FILTER (WHERE cat = 'cat_A'), max(price) FILTER (WHERE d < date '2021-01-01') FROM facts WHERE id <= 30000;

SELECT dim_id, count(*) FILTER (WHERE qty IS NULL), sum(price) FILTER (WHERE qty > 40), min(cat) FILTER (WHERE false) FROM facts WHERE id <= 10000 GROUP BY dim_id ORDER BY dim_id NULLS FIRST;

-- with avg of integer/numeric (sum and count get the modifier)
SELECT avg(qty) FILTER (WHERE flag), avg(DISTINCT qty), avg(price) FILTER (WHERE qty < 10) FROM facts WHERE id <= 40000;

-- over an outer join and in HAVING
SELECT d.region, count(DISTINCT f.cat), count(f.id) FILTER (WHERE f.qty > 10) FROM dims d LEFT JOIN facts f ON f.dim_id = d.dim_id AND f.id <= 3000 GROUP BY d.region ORDER BY d.region NULLS FIRST;

SELECT cat, count(*) FROM facts WHERE id <= 20000 GROUP BY cat HAVING count(DISTINCT dim_id) > 100 ORDER BY cat NULLS FIRST;

-- empty input
SELECT count(DISTINCT i8), sum(DISTINCT n) FILTER (WHERE id > 0) FROM empty_t;

-- FILTER keeps rows it rejects away from the aggregate's input: no division by zero here
SELECT a.id % 3 AS g, sum(1000 / b.i4) FILTER (WHERE b.i4 <> 0), count(100 / b.i2) FILTER (WHERE b.i2 <> 0), string_agg((10 / b.i4)::text, ',' ORDER BY b.id) FILTER (WHERE b.i4 <> 0 AND b.id < 8) FROM ints a JOIN ints b ON b.id = a.id GROUP BY a.id % 3 ORDER BY g;
