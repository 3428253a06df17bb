-- date_trunc(field, timestamp), over dates cast to timestamp, BC and infinite values.

SELECT id, date_trunc('year', ts), date_trunc('quarter', ts), date_trunc('month', ts), date_trunc('week', ts), date_trunc('day', ts), date_trunc('hour', ts), date_trunc('minute', ts), date_trunc('second', ts), date_trunc('milliseconds', ts) FROM times WHERE id > 0 ORDER BY id;

-- (date_trunc on a plain date resolves to the timestamptz variant, which depends on TimeZone
-- and is refused; an explicit cast to timestamp is exact)
SELECT id, date_trunc('month', d::timestamp), date_trunc('week', d::timestamp), date_trunc('YEAR', d::timestamp) FROM times ORDER BY id;

-- grouping by month, as reports do
SELECT date_trunc('month', f.ts) AS m, count(*), sum(f.qty) FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 20000 GROUP BY date_trunc('month', f.ts) ORDER BY m;
