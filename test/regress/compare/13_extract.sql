-- extract(field FROM date|timestamp) for integer-valued fields: numeric results, BC years
-- without a year 0, ISO weeks, Sunday = 0 for dow. (Infinite values are filtered in the
-- scan: PostgreSQL returns Infinity there, which the engine refuses with an error.)

SELECT id, extract(year FROM d), extract(month FROM d), extract(day FROM d), extract(quarter FROM d), extract(dow FROM d), extract(isodow FROM d), extract(doy FROM d), extract(week FROM d) FROM times WHERE isfinite(d) ORDER BY id;

SELECT id, extract(year FROM ts), extract(month FROM ts), extract(hour FROM ts), extract(minute FROM ts), extract(doy FROM ts) FROM times WHERE isfinite(ts) ORDER BY id;

-- grouping by an extracted year, as TPC-H does
SELECT extract(year FROM d) AS y, count(*), sum(qty) FROM facts WHERE id <= 50000 GROUP BY extract(year FROM d) ORDER BY y NULLS FIRST;

SELECT extract(year FROM f.d) AS y, d.region, count(*) FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 20000 GROUP BY 1, 2 ORDER BY 1, 2 NULLS FIRST;

-- arithmetic and comparison on the numeric result
SELECT id, extract(year FROM d) * 100 + extract(month FROM d) FROM times WHERE isfinite(d) AND id > 100 AND extract(year FROM d) > 2000 ORDER BY id;

-- date_part: extract's value as double precision; mod() and other operator functions by name
SELECT x.* FROM (SELECT f.id, date_part('year', f.d), date_part('dow', f.ts), date_part('hour', f.ts), date_part('quarter', f.d), mod(f.qty, 7), mod(f.id, d.dim_id + 1) FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 60) x ORDER BY 1;

SELECT x.* FROM (SELECT t.id, date_part('year', t.d), date_part('month', t.ts), date_part('doy', t.ts) FROM times t JOIN ints i ON i.id = t.id WHERE t.id NOT IN (5, 6)) x ORDER BY 1;
