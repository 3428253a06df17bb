-- Text ordering in the engine is byte order: correct under C and C.UTF-8 (code point order),
-- refused with a reason under any other collation, in databases of other locales too.
-- Equality (joins, GROUP BY, DISTINCT) is byte equality for every deterministic collation.
SELECT current_database() AS regress_db \gset
CREATE DATABASE regress_fusion_cutf8 TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8';
CREATE DATABASE regress_fusion_icu TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'
    LOCALE_PROVIDER icu ICU_LOCALE 'en-US';
\c regress_fusion_cutf8
CREATE EXTENSION pg_fusion;
CREATE TABLE words (id int, w text);
INSERT INTO words VALUES (1, 'b'), (2, 'B'), (3, 'a'), (4, 'é'), (5, 'e'), (6, 'Z'), (7, '_x'), (8, 'ab'), (9, NULL);
CREATE TABLE tags (id int, tag text);
INSERT INTO tags SELECT i, CASE WHEN i % 2 = 0 THEN 'even' ELSE 'odd' END FROM generate_series(1, 9) i;
SET pg_fusion.enable = on;
SELECT w.w, t.tag FROM words w JOIN tags t ON t.id = w.id ORDER BY w.w;
SELECT t.tag, min(w.w), max(w.w), count(*) FROM words w JOIN tags t ON t.id = w.id GROUP BY t.tag ORDER BY t.tag;
SET pg_fusion.enable = off;
SELECT w.w, t.tag FROM words w JOIN tags t ON t.id = w.id ORDER BY w.w;
SELECT t.tag, min(w.w), max(w.w), count(*) FROM words w JOIN tags t ON t.id = w.id GROUP BY t.tag ORDER BY t.tag;
SET pg_fusion.enable = on;
-- an ICU collation on a column is refused for ordering
SELECT w.w FROM words w JOIN tags t ON t.id = w.id ORDER BY w.w COLLATE "en-x-icu";
\c regress_fusion_icu
CREATE TABLE words (id int, w text);
INSERT INTO words VALUES (1, 'b'), (2, 'B'), (3, 'a'), (4, 'é'), (5, 'e'), (6, 'Z'), (7, '_x'), (8, 'ab'), (9, NULL);
CREATE TABLE tags (id int, tag text);
INSERT INTO tags SELECT i, CASE WHEN i % 2 = 0 THEN 'even' ELSE 'odd' END FROM generate_series(1, 9) i;
SET pg_fusion.enable = on;
-- (a database without the extension's SQL objects: numeric stddev needs its final function)
SELECT stddev(w.id) FROM words w JOIN tags t ON t.id = w.id;
SELECT count(*) FROM words w JOIN tags t ON t.id = w.id;
CREATE EXTENSION pg_fusion;
SELECT stddev(w.id) FROM words w JOIN tags t ON t.id = w.id;
-- ordering in the database's ICU collation: refused, never a byte-order answer
SELECT w.w FROM words w JOIN tags t ON t.id = w.id ORDER BY w.w;
SELECT max(w.w) FROM words w JOIN tags t ON t.id = w.id;
-- equality, grouping and counting do not depend on the order
SELECT t.tag, count(DISTINCT w.w), count(*) FROM words w JOIN tags t ON t.id = w.id GROUP BY t.tag ORDER BY count(*);
SELECT count(*) FROM words a JOIN words b ON a.w = b.w;
-- COLLATE "C" restores byte order
SELECT w.w FROM words w JOIN tags t ON t.id = w.id ORDER BY w.w COLLATE "C";
-- functions of one table run in PostgreSQL with the database's locale
SELECT upper(w.w) FROM words w JOIN tags t ON t.id = w.id WHERE w.id = 4;
\c :regress_db
DROP DATABASE regress_fusion_cutf8;
DROP DATABASE regress_fusion_icu;
