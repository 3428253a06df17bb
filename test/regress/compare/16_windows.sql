-- Window functions: ranking, lag/lead, first/last_value and aggregates over windows, with
-- partitions, explicit NULLS ordering and ROWS frames. Orders are total where row_number or
-- lag/lead depend on them.

SELECT id, dim_id, qty, row_number() OVER (PARTITION BY dim_id ORDER BY id), rank() OVER (PARTITION BY dim_id ORDER BY qty NULLS FIRST), dense_rank() OVER (PARTITION BY dim_id ORDER BY qty DESC NULLS LAST) FROM facts WHERE id <= 400 ORDER BY id;

SELECT id, qty, lag(qty) OVER (ORDER BY id), lead(qty, 2) OVER (ORDER BY id), lag(qty, 1, -1) OVER (ORDER BY id), ntile(4) OVER (ORDER BY id) FROM facts WHERE id <= 100 ORDER BY id;

SELECT id, cat, first_value(cat) OVER (PARTITION BY dim_id ORDER BY id), last_value(cat) OVER (PARTITION BY dim_id ORDER BY id) FROM facts WHERE id <= 300 ORDER BY id;

-- aggregates over windows: running totals with the default frame (peers included) and ROWS frames
SELECT id, qty, sum(qty) OVER (ORDER BY id), count(*) OVER (PARTITION BY dim_id), count(qty) OVER (PARTITION BY dim_id ORDER BY id), min(price) OVER (PARTITION BY dim_id), max(cat) OVER (PARTITION BY dim_id ORDER BY id) FROM facts WHERE id <= 300 ORDER BY id;

SELECT id, sum(price) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW), sum(qty) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING), count(*) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) FROM facts WHERE id <= 150 ORDER BY id;

-- peers: the default RANGE frame includes rows with equal ORDER BY values
SELECT qty, sum(qty) OVER (ORDER BY qty), count(*) OVER (ORDER BY qty NULLS FIRST) FROM facts WHERE id <= 60 ORDER BY qty NULLS FIRST, 2;

-- over aggregates in a grouped query
SELECT dim_id, sum(qty), rank() OVER (ORDER BY sum(qty) DESC NULLS LAST, dim_id) FROM facts WHERE id <= 20000 GROUP BY dim_id ORDER BY dim_id NULLS FIRST;

-- window results as join inputs (derived table) and over an outer join
SELECT s.dim_id, s.rn, d.name FROM (SELECT dim_id, id, row_number() OVER (PARTITION BY dim_id ORDER BY id) AS rn FROM facts WHERE id <= 2000) s JOIN dims d ON d.dim_id = s.dim_id WHERE s.rn <= 2 ORDER BY s.dim_id, s.rn;

SELECT d.dim_id, count(f.id), sum(count(f.id)) OVER (ORDER BY d.dim_id) FROM dims d LEFT JOIN facts f ON f.dim_id = d.dim_id AND f.id <= 1000 GROUP BY d.dim_id ORDER BY d.dim_id;

-- sum of int8 and numeric over windows keep PostgreSQL's result types
SELECT id, sum(i8) OVER (ORDER BY id), sum(n9_2) OVER (ORDER BY id) FROM types_t WHERE i8 > -1000000000 AND i8 < 1000000000 ORDER BY id;

-- avg of integers and numerics over windows: sum and count over the window, divided by
-- PostgreSQL with its numeric scale
SELECT f.id, f.qty, avg(f.qty) OVER (PARTITION BY f.cat), avg(f.price) OVER (ORDER BY f.id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW), avg(f.id) OVER () FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 40 ORDER BY f.id;

-- first_value/last_value with explicit frames, NULLs included
SELECT f.id, first_value(f.qty) OVER (ORDER BY f.id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING), last_value(f.cat) OVER (ORDER BY f.id ROWS BETWEEN CURRENT ROW AND 2 FOLLOWING), last_value(f.price) OVER (PARTITION BY f.dim_id ORDER BY f.id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING), first_value(f.id) OVER (ORDER BY f.qty, f.id RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 60 ORDER BY f.id;
