-- Test tables for the compare suite (test/regress/compare/*.sql).
--
-- Deterministic: every value comes from generate_series arithmetic or a literal, never random().
-- Run once per test database (a UTF8 database with C collation) before the compare files:
--     psql -v ON_ERROR_STOP=1 -f setup.sql
-- Idempotent: drops and recreates everything it owns. Takes ~15-30 s (the 1M-row facts table).
--
-- Tables
--   types_t   300 rows, one column of every supported type, NULLs in every column
--   ints      integer edges (min/max of int2/int4/int8, 0, +-1), NULLs
--   floats    float4/float8 edges: +-Infinity, NaN, -0 (only in f8, no +0 there), denormals, NULLs
--   nums      numeric(p,s) edges up to numeric(38,10) and numeric(38,0), NULLs
--   strs      text / varchar(n) / char(n): empty, 12/13 bytes, multibyte UTF-8, LIKE
--             metacharacters, trailing spaces, NULLs
--   times     date / timestamp / timestamptz edges: 0001-01-01, 9999-12-31, +-infinity, BC, NULLs
--   empty_t   no rows
--   docs      TOASTed text: out-of-line uncompressed (body, STORAGE EXTERNAL) and compressed (zbody)
--   dims      100 rows: dim_id int4 pk, name varchar(20), region char(10)
--   facts     1,000,000 rows joined to dims (some dim_ids have no dim, some are NULL)
-- Views
--   v_facts_dims   facts JOIN dims
--   v_dim_totals   aggregate per dim_id over facts
--   v_types_pos    types_t rows with i4 > 0
--   v_strs_nonnull strs rows with t IS NOT NULL

SET client_min_messages = warning;

DROP VIEW IF EXISTS v_facts_dims, v_dim_totals, v_types_pos, v_strs_nonnull CASCADE;
DROP TABLE IF EXISTS types_t, ints, floats, nums, strs, times, empty_t, docs, dims, facts CASCADE;

-- stddev/variance of numerics finish in fusion.numeric_variance_final
CREATE EXTENSION IF NOT EXISTS pg_fusion;

-- ---------------------------------------------------------------------------------------------
CREATE TABLE types_t (
    id    int4 PRIMARY KEY,
    b     bool,
    i2    int2,
    i4    int4,
    i8    int8,
    f4    float4,
    f8    float8,
    n9_2  numeric(9,2),
    n18_4 numeric(18,4),
    n38_10 numeric(38,10),
    t     text,
    vc    varchar(20),
    ch    char(10),
    d     date,
    ts    timestamp,
    tstz  timestamptz
);

INSERT INTO types_t
SELECT i,
       CASE WHEN i % 11 = 0 THEN NULL ELSE i % 3 = 0 END,
       CASE WHEN i % 13 = 0 THEN NULL ELSE ((i * 37) % 201 - 100)::int2 END,
       CASE WHEN i % 17 = 0 THEN NULL ELSE (i * 7919) % 1000 - 500 END,
       CASE WHEN i % 19 = 0 THEN NULL ELSE (i::int8 * 1000000007) % 100000000000 - 50000000000 END,
       CASE WHEN i % 23 = 0 THEN NULL ELSE ((i % 40) - 20) / 4.0 END,            -- exact in binary
       CASE WHEN i % 29 = 0 THEN NULL ELSE (i - 150) / 7.0 END,
       CASE WHEN i % 31 = 0 THEN NULL ELSE ((i * 7) % 1000 - 500) / 100.0 END,
       CASE WHEN i % 37 = 0 THEN NULL ELSE (i * 123457 % 10000000 - 5000000) / 10000.0 END,
       CASE WHEN i % 41 = 0 THEN NULL ELSE (i::numeric * 98765432109 - 1234567890123) / 10000000000 END,
       CASE WHEN i % 43 = 0 THEN NULL ELSE 't' || (i % 50)::text END,
       CASE WHEN i % 47 = 0 THEN NULL WHEN i % 5 = 0 THEN '' ELSE 'vc_' || (i % 30)::text END,
       CASE WHEN i % 53 = 0 THEN NULL ELSE 'c' || (i % 20)::text END,
       CASE WHEN i % 59 = 0 THEN NULL ELSE date '1999-12-01' + (i * 3) % 90 END,
       CASE WHEN i % 61 = 0 THEN NULL
            ELSE timestamp '1999-12-31 00:00:00' + ((i * 7) % 120) * interval '1 hour 0.5 second' END,
       CASE WHEN i % 67 = 0 THEN NULL
            ELSE timestamptz '2000-01-01 00:00:00+00' + ((i * 11) % 150) * interval '37 minutes 13.123457 seconds' END
FROM generate_series(1, 300) AS g(i);
-- one row with every column NULL
INSERT INTO types_t (id) VALUES (1000);

-- ---------------------------------------------------------------------------------------------
CREATE TABLE ints (
    id int4 PRIMARY KEY,
    i2 int2,
    i4 int4,
    i8 int8
);
INSERT INTO ints VALUES
    (1, -32768, -2147483648, -9223372036854775808),
    (2, 32767, 2147483647, 9223372036854775807),
    (3, 0, 0, 0),
    (4, 1, 1, 1),
    (5, -1, -1, -1),
    (6, NULL, NULL, NULL),
    (7, 32767, NULL, 9223372036854775807),
    (8, NULL, -2147483648, NULL),
    (9, -32767, -2147483647, -9223372036854775807),
    (10, 100, 100000, 10000000000);
INSERT INTO ints
SELECT 100 + i, (i % 200 - 100)::int2, i * 10007 - 500000, i::int8 * 123456789 - 6000000000
FROM generate_series(1, 90) AS g(i);

-- ---------------------------------------------------------------------------------------------
CREATE TABLE floats (
    id int4 PRIMARY KEY,
    f4 float4,
    f8 float8
);
INSERT INTO floats VALUES
    (1, 'Infinity', 'Infinity'),
    (2, '-Infinity', '-Infinity'),
    (3, 'NaN', 'NaN'),
    (4, 0, '-0'),            -- f8 holds -0 and never +0 (grouping would merge the two)
    (5, 1.5, 1e308),
    (6, -1.5, -1e308),
    (7, 1e-45, 5e-324),      -- smallest denormals
    (8, 3.4028235e38, 2.2250738585072014e-308),
    (9, NULL, NULL),
    (10, 0.1, 0.1),
    (11, 'NaN', 1),
    (12, 1.5, 'NaN');
INSERT INTO floats
SELECT 100 + i, (i % 17 - 8) / 2.0, (i - 50.5) / 3.0     -- never 0: f8 keeps only -0
FROM generate_series(1, 100) AS g(i);

-- ---------------------------------------------------------------------------------------------
CREATE TABLE nums (
    id     int4 PRIMARY KEY,
    n38_10 numeric(38,10),
    n38_0  numeric(38,0),
    n18_4  numeric(18,4),
    n9_2   numeric(9,2),
    n4_1   numeric(4,1),
    n5_5   numeric(5,5),
    big    bool            -- true: values too large to sum within 38 digits
);
INSERT INTO nums VALUES
    (1, 0, 0, 0, 0, 0, 0, false),
    (2, 1, 1, 1, 1, 1, 0.1, false),
    (3, -1, -1, -1, -1, -1, -0.1, false),
    (4, 0.01, 10, 0.01, 0.01, 0.1, 0.01, false),
    (5, -0.01, -10, -0.01, -0.01, -0.1, -0.01, false),
    (6, 123.45, 12345, 123.45, 123.45, 123.4, 0.12345, false),
    (7, 0.0000000001, 10000, 0.0001, 0.01, 0.1, 0.00001, false),
    (8, -0.0000000001, -10000, -0.0001, -0.01, -0.1, -0.00001, false),
    (9, 9999999999999999999999999999.9999999999, 99999999999999999999999999999999999999,
        99999999999999.9999, 9999999.99, 999.9, 0.99999, true),
    (10, -9999999999999999999999999999.9999999999, -99999999999999999999999999999999999999,
        -99999999999999.9999, -9999999.99, -999.9, -0.99999, true),
    (11, 1000000000000000000000000000, 10000000000000000000000000000000000000,
        10000000000000, 1000000, 100, 0.5, true),
    (12, 10000.0001, 100000000, 10000.0001, 10000.01, 10.1, 0.0001, false),
    (13, 100000000.00000001, 1000000000000, 0.0010, 100.10, 0.5, 0.10000, false),
    (14, NULL, NULL, NULL, NULL, NULL, NULL, false),
    (15, 1.1, NULL, 2.5, NULL, -2.5, NULL, false),
    (16, NULL, 7, NULL, 3.33, NULL, 0.33333, false);
INSERT INTO nums
SELECT 100 + i,
       (i::int8 * 1234567891 % 100000000000) / 10000.0 - 5000000,
       i::numeric * 987654321987654321,
       (i * 7777 % 1000000) / 100.0,
       (i * 31 % 20000 - 10000) / 100.0,
       (i % 2000 - 1000) / 10.0,
       (i % 100000) / 100000.0,
       false
FROM generate_series(1, 200) AS g(i);

-- ---------------------------------------------------------------------------------------------
CREATE TABLE strs (
    id int4 PRIMARY KEY,
    t  text,
    vc varchar(16),
    ch char(8)
);
INSERT INTO strs VALUES
    (1, '', '', ''),
    (2, ' ', ' ', ' '),
    (3, 'a', 'a', 'a'),
    (4, 'A', 'A', 'A'),
    (5, 'abc', 'abc', 'abc'),
    (6, 'abc ', 'abc ', 'abc '),            -- trailing space: distinct in text/varchar, equal in char
    (7, 'abc  ', 'abc  ', 'abc  '),
    (8, ' abc', ' abc', ' abc'),
    (9, 'twelve bytes', 'twelve bytes', 'twelve b'),      -- 12 bytes: inline string view
    (10, 'thirteen byte', 'thirteen byte', 'thirteen'),   -- 13 bytes: heap string view
    (11, 'éèêë', 'éèêë', 'éèêë'),                      -- 8 bytes, 4 characters
    (12, 'Straße', 'Straße', 'Straße'),
    (13, '日本語テキスト', '日本語テキスト', '日本語'),   -- 21 bytes
    (14, '😀 emoji 😀', '😀 emoji', '😀😀'),
    (15, '100%', '100%', '100%'),
    (16, 'a_b', 'a_b', 'a_b'),
    (17, 'a\b', 'a\b', 'a\b'),
    (18, 'axb', 'axb', 'axb'),
    (19, 'a%b', 'a%b', 'a%b'),
    (20, NULL, NULL, NULL),
    (21, 'abcdefghijklmnopqrstuvwxyz', 'abcdefghijklmnop', 'abcdefgh'),
    (22, 'O''Reilly', 'O''Reilly', 'O''Reil'),
    (23, 'tab	tab', 'tab	tab', 'tab	tab'),
    (24, 'z', NULL, 'z'),
    (25, NULL, 'only vc', NULL),
    (26, 'ab', 'ab', 'ab      '),
    (27, 'éa', 'éa', 'éa'),
    (28, 'aé', 'aé', 'aé'),
    (29, 'zz', 'zz ', 'zz');
INSERT INTO strs
SELECT 100 + i,
       CASE WHEN i % 9 = 0 THEN NULL ELSE repeat(chr(97 + i % 26), 1 + i % 15) END,
       CASE WHEN i % 10 = 0 THEN NULL ELSE 'v' || lpad((i % 37)::text, 3, '0') || repeat(' ', i % 3) END,
       CASE WHEN i % 11 = 0 THEN NULL ELSE 'k' || (i % 7)::text END
FROM generate_series(1, 100) AS g(i);

-- ---------------------------------------------------------------------------------------------
CREATE TABLE times (
    id   int4 PRIMARY KEY,
    d    date,
    ts   timestamp,
    tstz timestamptz
);
INSERT INTO times VALUES
    (1, '0001-01-01', '0001-01-01 00:00:00', '0001-01-01 00:00:00+00'),
    (2, '1999-12-31', '1999-12-31 23:59:59.999999', '1999-12-31 23:59:59.999999+00'),
    (3, '2000-01-01', '2000-01-01 00:00:00', '2000-01-01 00:00:00+00'),
    (4, '9999-12-31', '9999-12-31 23:59:59.999999', '9999-12-31 23:59:59.999999+00'),
    (5, 'infinity', 'infinity', 'infinity'),
    (6, '-infinity', '-infinity', '-infinity'),
    (7, '0044-03-15 BC', '0044-03-15 12:00:00 BC', '0044-03-15 12:00:00+00 BC'),
    (8, '4713-01-01 BC', '4713-01-01 00:00:00 BC', '4713-01-01 00:00:00+00 BC'),
    (9, '1970-01-01', '1970-01-01 00:00:00', '1970-01-01 00:00:00+00'),
    (10, '1969-12-31', '1969-12-31 23:59:59.999999', '1969-12-31 23:59:59.999999+00'),
    (11, '2000-02-29', '2000-02-29 12:34:56.789012', '2000-02-29 12:34:56.789012-08'),
    (12, '1900-03-01', '1900-03-01 00:00:00.000001', '1900-03-01 00:00:00.000001+05:30'),
    (13, NULL, NULL, NULL),
    (14, '2000-01-01', NULL, '2000-01-01 05:00:00+05'),    -- same instant as row 3's tstz
    (15, NULL, '2038-01-19 03:14:08', NULL),
    (16, '0001-12-31 BC', '0001-12-31 23:59:59.999999 BC', '0001-12-31 23:59:59.999999+00 BC');
INSERT INTO times
SELECT 100 + i,
       date '1990-01-01' + i * 97,
       timestamp '1990-01-01 00:00:00' + i * interval '97 days 1 hour 1.000001 seconds',
       timestamptz '1990-01-01 00:00:00+00' + i * interval '96 days 23 hours 59 minutes'
FROM generate_series(1, 120) AS g(i);

-- ---------------------------------------------------------------------------------------------
CREATE TABLE empty_t (
    id int4,
    i8 int8,
    n  numeric(10,2),
    f  float8,
    t  text,
    d  date,
    ts timestamp
);

-- ---------------------------------------------------------------------------------------------
-- body: out of line, uncompressed (STORAGE EXTERNAL), 3 KB .. 96 KB per value.
-- zbody: default storage: compressed (highly repetitive), inline or out of line.
CREATE TABLE docs (
    id    int4 PRIMARY KEY,
    tag   varchar(10),
    body  text,
    zbody text
);
ALTER TABLE docs ALTER COLUMN body SET STORAGE EXTERNAL;
INSERT INTO docs
SELECT i,
       'g' || (i % 7)::text,
       CASE WHEN i % 50 = 0 THEN NULL ELSE repeat(md5(i::text), 100 + (i * 37) % 2900) END,
       CASE WHEN i % 45 = 0 THEN NULL ELSE repeat(md5((i % 20)::text), 1000) END
FROM generate_series(1, 150) AS g(i);
-- duplicates of existing bodies (equality across rows), a small one, an empty one
INSERT INTO docs VALUES
    (151, 'dup', repeat(md5('7'), 100 + (7 * 37) % 2900), 'small'),
    (152, 'dup', repeat(md5('8'), 100 + (8 * 37) % 2900), ''),
    (153, 'small', 'short body', NULL),
    (154, 'empty', '', repeat('x', 100000));

-- ---------------------------------------------------------------------------------------------
CREATE TABLE dims (
    dim_id int4 PRIMARY KEY,
    name   varchar(20),
    region char(10)
);
INSERT INTO dims
SELECT i,
       CASE WHEN i = 13 THEN NULL ELSE 'dim_' || lpad(i::text, 3, '0') END,
       CASE WHEN i % 25 = 0 THEN NULL
            ELSE (ARRAY['north', 'south', 'east', 'west', 'central'])[1 + i % 5] END
FROM generate_series(1, 100) AS g(i);

-- facts: 1,000,000 rows. dim_id 1..105 (101..105 have no dims row) or NULL.
CREATE TABLE facts (
    id     int8 PRIMARY KEY,
    dim_id int4,
    cat    text,
    qty    int4,
    price  numeric(12,2),
    ts     timestamp,
    d      date,
    flag   bool
);
INSERT INTO facts
SELECT i,
       CASE WHEN i % 997 = 0 THEN NULL ELSE (i * 31 % 105) + 1 END,
       CASE WHEN i % 101 = 0 THEN NULL ELSE 'cat_' || chr(65 + (i % 13)::int) END,
       CASE WHEN i % 89 = 0 THEN NULL ELSE (i * 13 % 50) + 1 END,
       CASE WHEN i % 97 = 0 THEN NULL ELSE ((i::int8 * 7919) % 100000) / 100.0 END,
       timestamp '2020-01-01 00:00:00' + (i * 37 % 1000000) * interval '31 seconds',
       date '2020-01-01' + (i * 11 % 1461)::int,
       CASE WHEN i % 83 = 0 THEN NULL ELSE i % 4 = 0 END
FROM generate_series(1, 1000000) AS g(i);

-- ---------------------------------------------------------------------------------------------
CREATE VIEW v_facts_dims AS
SELECT f.id, f.dim_id, d.name, d.region, f.cat, f.qty, f.price, f.d, f.flag
FROM facts f JOIN dims d ON d.dim_id = f.dim_id;

CREATE VIEW v_dim_totals AS
SELECT dim_id, count(*) AS n, sum(qty) AS qty_sum, sum(price) AS price_sum, min(d) AS first_d, max(d) AS last_d
FROM facts
GROUP BY dim_id;

CREATE VIEW v_types_pos AS
SELECT id, i4, i8, n9_2, t, d
FROM types_t
WHERE i4 > 0;

CREATE VIEW v_strs_nonnull AS
SELECT id, t, vc
FROM strs
WHERE t IS NOT NULL;

-- ---------------------------------------------------------------------------------------------
-- inheritance (a child with an extra column) and declarative partitions (with a default one)
CREATE TABLE inh_parent (id int4, v int4, note text);
CREATE TABLE inh_child (extra text) INHERITS (inh_parent);
INSERT INTO inh_parent SELECT i, i % 10, 'p' || i FROM generate_series(1, 50) AS g(i);
INSERT INTO inh_child SELECT i, i % 7, 'c' || i, 'x' FROM generate_series(51, 120) AS g(i);

CREATE TABLE part_sales (id int4, day date, region text, amount numeric(10,2)) PARTITION BY RANGE (day);
CREATE TABLE part_sales_2020 PARTITION OF part_sales FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');
CREATE TABLE part_sales_2021 PARTITION OF part_sales FOR VALUES FROM ('2021-01-01') TO ('2022-01-01')
    PARTITION BY LIST (region);
CREATE TABLE part_sales_2021_ns PARTITION OF part_sales_2021 FOR VALUES IN ('north', 'south');
CREATE TABLE part_sales_2021_rest PARTITION OF part_sales_2021 DEFAULT;
CREATE TABLE part_sales_other PARTITION OF part_sales DEFAULT;
INSERT INTO part_sales
SELECT i, date '2019-06-01' + (i * 7 % 1100), (ARRAY['north', 'south', 'east', 'west'])[1 + i % 4],
       CASE WHEN i % 50 = 0 THEN NULL ELSE (i * 37 % 100000) / 100.0 END
FROM generate_series(1, 5000) AS g(i);

-- ---------------------------------------------------------------------------------------------
-- types the engine carries as text, and domains
CREATE DOMAIN posint AS int4 CHECK (VALUE > 0);
CREATE DOMAIN money2 AS numeric(10,2);
CREATE DOMAIN label AS text;
CREATE TABLE extra_types (
    id   int4 PRIMARY KEY,
    iv   interval,
    tm   time,
    tmz  timetz,
    u    uuid,
    b    bytea,
    j    json,
    jb   jsonb,
    ip   inet,
    net  cidr,
    mac  macaddr,
    pi   posint,
    m2   money2,
    lb   label
);
INSERT INTO extra_types VALUES
    (1, '1 year 2 mons 3 days 04:05:06.789', '00:00:00', '12:34:56+05:30', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
        '\x00ff10', '{"a": 1, "b": [1, 2]}', '{"b": [1, 2], "a": 1.50}', '192.168.1.10/24', '10.0.0.0/8',
        '08:00:2b:01:02:03', 1, 12.34, 'one'),
    (2, '-1 days +02:00:00', '23:59:59.999999', '00:00:00-08', '00000000-0000-0000-0000-000000000000',
        '', '[]', '"text with \"quotes\" and ünïcode"', '::1', '2001:db8::/32', 'ff:ff:ff:ff:ff:ff', 2, -0.01,
        'two'),
    (3, '0', '12:00', '12:00+00', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '\x5c00', 'null', 'null', '0.0.0.0',
        '0.0.0.0/0', '00:00:00:00:00:00', 3, 0, ''),
    (4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
    (5, '178000000 years', '01:02:03.5', '01:02:03.5+14', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A12',
        decode(repeat('ab', 3000), 'hex'), ('{"big": "' || repeat('x', 5000) || '"}')::json, '{"n": 1e100, "t": true}',
        '10.1.2.3', '10.1.0.0/16', '01-02-03-04-05-06', 5, 99999999.99, repeat('long label ', 20));
INSERT INTO extra_types
SELECT 100 + i, i * interval '1 hour 1 minute', time '00:00' + i * interval '7 minutes', NULL,
       md5(i::text)::uuid, int4send(i), json_build_object('i', i), jsonb_build_object('i', i, 'sq', i * i),
       ('10.0.' || i || '.1')::inet, NULL, NULL, i, i * 1.25, 'l' || (i % 5)
FROM generate_series(1, 60) AS g(i);

-- ---------------------------------------------------------------------------------------------
-- array columns (carried through the engine as their text form)
CREATE TABLE arr_t (id int4 PRIMARY KEY, ia int4[], ta text[], na numeric(6,2)[], da date[]);
INSERT INTO arr_t VALUES
    (1, '{1,2,3}', '{a,"b c",NULL,""}', '{1.50,-2.00}', '{2020-01-01,infinity}'),
    (2, '{}', '{}', '{}', '{}'),
    (3, NULL, NULL, NULL, NULL),
    (4, '{{1,2},{3,4}}', '{"x\\y","q\"r"}', '{NULL}', '{1999-12-31}'),
    (5, '[0:1]={7,8}', '{null,NULL,"NULL"}', '{0.01}', '{0044-03-15 BC}');

-- ---------------------------------------------------------------------------------------------
-- numeric without precision/scale: each value keeps its own display scale
CREATE TABLE free_nums (id int4 PRIMARY KEY, n numeric, m numeric);
INSERT INTO free_nums VALUES
    (1, 1.5, 2), (2, 2.000, 0.25), (3, NULL, 1), (4, 'NaN', 3), (5, 'Infinity', -1),
    (6, 12345678901234567890.123456789012345678901, 7), (7, -0.0001, 0.0001), (8, 0, NULL),
    (9, 1e-20, 1e20), (10, -123.4500, 10);

ANALYZE;
