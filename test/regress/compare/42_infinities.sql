-- Values at the edges of the engine's types: timestamp and date infinities through scans,
-- engine functions and the final projection.
DROP TABLE IF EXISTS inf_tz;
CREATE TABLE inf_tz (id int, t timestamptz, ts timestamp, d date);
INSERT INTO inf_tz VALUES (1, '-infinity', '-infinity', '-infinity'), (2, '2020-01-01', '2020-01-01 10:00', '2020-01-01'), (3, 'infinity', 'infinity', 'infinity');

SELECT id, round(extract(julian FROM t)) FROM inf_tz ORDER BY id;

SELECT id, extract(julian FROM t) FROM inf_tz ORDER BY id;

SELECT id, t, ts, d FROM inf_tz ORDER BY t;

SELECT min(t), max(t), min(ts), max(ts), min(d), max(d) FROM inf_tz;

SELECT id, date_trunc('month', ts), d + 1, extract(month FROM ts), extract(day FROM d), date_part('year', ts), date_part('month', d) FROM inf_tz ORDER BY id;

SELECT count(*) FROM inf_tz WHERE ts > '2019-01-01' AND d < 'infinity';

SELECT id, extract(year FROM d), extract(year FROM ts), extract(years FROM d) + 1 FROM inf_tz ORDER BY id;
