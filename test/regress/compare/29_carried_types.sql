-- interval, time, timetz, uuid, bytea, json, jsonb, inet, cidr, macaddr cross the engine as
-- their text form and come back as the same values; domains as their base type. Operators
-- and functions on them run in PostgreSQL's scan.

SELECT e.id, e.iv, e.tm, e.tmz, e.u, e.b, e.j, e.jb, e.ip, e.net, e.mac, e.pi, e.m2, e.lb FROM extra_types e JOIN ints i ON i.id = 4 WHERE e.id < 10 ORDER BY e.id;

SELECT e.id, e.iv, e.jb, e.u FROM extra_types e LEFT JOIN dims d ON d.dim_id = e.id AND d.dim_id < 3 ORDER BY e.id;

SELECT e.id, lag(e.jb) OVER (ORDER BY e.id), first_value(e.u) OVER (PARTITION BY e.id % 3 ORDER BY e.id) FROM extra_types e JOIN ints i ON i.id = 4 ORDER BY e.id;

-- PostgreSQL-side operators over one table, combined in the engine
SELECT e.id, e.jb ->> 'i' AS i, (e.jb -> 'sq')::int4 + i.i4 AS s, extract(epoch FROM e.iv) AS secs FROM extra_types e JOIN ints i ON i.id = 4 WHERE e.jb ? 'sq' AND e.iv > interval '10 hours' ORDER BY e.id;

SELECT count(*), sum(e.pi), sum(e.m2), max(e.lb), min(e.m2) FROM extra_types e JOIN ints i ON i.id = 4;

SELECT e.lb, count(*), sum(e.m2) FROM extra_types e JOIN ints i ON i.id = 4 GROUP BY e.lb ORDER BY e.lb;

SELECT d.name, e.tm + interval '1 hour', e.b FROM extra_types e JOIN dims d ON d.dim_id = e.id - 100 WHERE e.id BETWEEN 101 AND 110 ORDER BY d.name;

-- UNION ALL carries them; counting is not comparing
SELECT e.u FROM extra_types e JOIN ints i ON i.id = 4 WHERE e.id < 5 UNION ALL SELECT e.u FROM extra_types e JOIN ints i ON i.id = 4 WHERE e.id > 158;

SELECT count(e.jb), count(e.iv), count(*) FROM extra_types e JOIN dims d ON d.dim_id = e.id;

-- uuid's canonical text compares, orders and groups like the uuid: joins, GROUP BY, ORDER BY,
-- DISTINCT and UNION work in the engine
SELECT a.id, b.id FROM extra_types a JOIN extra_types b ON a.u = b.u WHERE a.id < 200 ORDER BY 1, 2;

SELECT a.u, count(*) FROM extra_types a JOIN ints i ON i.id = a.id % 10 GROUP BY a.u ORDER BY a.u NULLS FIRST LIMIT 8;

SELECT count(DISTINCT a.u), min(a.id) FILTER (WHERE a.u > 'a0000000-0000-0000-0000-000000000000') FROM extra_types a JOIN ints i ON i.id = 4;

SELECT a.u FROM extra_types a JOIN ints i ON i.id = 4 WHERE a.id < 5 UNION SELECT b.u FROM extra_types b JOIN ints i ON i.id = 4 WHERE b.id > 150 ORDER BY 1;
