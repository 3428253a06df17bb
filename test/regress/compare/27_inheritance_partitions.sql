-- Inheritance children and partitions are read through PostgreSQL's own plan of each scan
-- (ONLY respected, partitions pruned by the pushed filters).

SELECT count(*), sum(p.v), min(p.note), max(p.note) FROM inh_parent p JOIN ints i ON i.id = 4;

SELECT count(*), sum(p.v) FROM ONLY inh_parent p JOIN ints i ON i.id = 4;

SELECT p.v, count(*) FROM inh_parent p JOIN inh_child c ON c.v = p.v GROUP BY p.v ORDER BY p.v;

SELECT s.region, extract(year FROM s.day) AS y, count(*), sum(s.amount) FROM part_sales s JOIN dims d ON d.dim_id = s.id % 100 + 1 GROUP BY s.region, extract(year FROM s.day) ORDER BY 1, 2;

SELECT count(*), sum(s.amount) FROM part_sales s JOIN dims d ON d.dim_id = s.id % 100 + 1 WHERE s.day >= '2021-01-01' AND s.day < '2022-01-01' AND s.region = 'east';

SELECT count(*) FROM part_sales_2021 s JOIN ints i ON i.id = 4 WHERE s.region IN ('north', 'west');
