-- The 1,000,000-row facts table: full aggregates, GROUP BY, joins to dims (dim_id 101..105 and
-- NULL have no dims row), Top-N with ORDER BY + LIMIT, deep OFFSET, DISTINCT, views.

SELECT count(*), count(dim_id), count(cat), count(qty), count(price), count(flag), sum(qty), sum(price), sum(id), min(price), max(price), min(ts), max(ts), min(d), max(d), min(cat), max(cat) FROM facts;

SELECT avg(qty), avg(price), avg(id), avg(dim_id) FROM facts;

SELECT cat, count(*), sum(qty), sum(price), min(price), max(price), avg(qty) FROM facts GROUP BY cat ORDER BY cat NULLS FIRST;

SELECT d.region, count(*), sum(f.qty), sum(f.price), avg(f.qty) FROM facts f JOIN dims d ON d.dim_id = f.dim_id GROUP BY d.region ORDER BY d.region NULLS LAST;

SELECT d.dim_id, d.name, count(*), sum(f.price) FROM facts f JOIN dims d ON d.dim_id = f.dim_id GROUP BY d.dim_id, d.name ORDER BY d.dim_id;

SELECT count(*), sum(f.qty) FROM facts f JOIN dims d ON d.dim_id = f.dim_id;

SELECT id, price, qty FROM facts ORDER BY price DESC NULLS LAST, id LIMIT 20;

SELECT id, price, qty FROM facts ORDER BY price, qty DESC, id LIMIT 20;

SELECT f.id, d.name, f.price FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.flag ORDER BY f.price DESC, f.id DESC LIMIT 10;

SELECT id, ts, cat FROM facts ORDER BY ts DESC, id LIMIT 10;

SELECT dim_id, count(*), sum(qty) FROM facts GROUP BY dim_id HAVING sum(qty) > 245000 ORDER BY dim_id NULLS FIRST;

SELECT flag, count(*), min(id), max(id), sum(qty) FROM facts GROUP BY flag ORDER BY flag NULLS LAST;

SELECT d, count(*), sum(price) FROM facts GROUP BY d ORDER BY count(*) DESC, d LIMIT 10;

SELECT count(*) FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE d.region = 'east';

SELECT count(*), sum(qty) FROM facts WHERE cat LIKE 'cat\_A' OR qty IN (1, 50, NULL);

SELECT count(*), sum(price) FROM (SELECT price, qty FROM facts) s WHERE qty * 2 > 90 AND price > 500;

SELECT * FROM v_dim_totals ORDER BY dim_id NULLS FIRST;

SELECT region, count(*), sum(qty) FROM v_facts_dims WHERE flag GROUP BY region ORDER BY region NULLS FIRST;

-- @unordered
SELECT DISTINCT cat, flag FROM facts;

SELECT id, dim_id, qty FROM facts ORDER BY qty DESC NULLS LAST, id LIMIT 5 OFFSET 500000;

SELECT count(*) FROM (SELECT DISTINCT ts FROM facts) s;

SELECT dim_id, count(*) FROM facts WHERE ts >= timestamp '2020-06-01 00:00:00' AND ts < timestamp '2020-06-02 00:00:00' GROUP BY dim_id ORDER BY 2 DESC, 1 LIMIT 5;

-- @float
SELECT avg(qty::float8), sum(price::float8), sum(qty::float8 * 0.5) FROM facts;

-- @unordered
SELECT cat, flag, count(*), sum(qty) FROM facts WHERE dim_id <= 10 GROUP BY cat, flag;
