-- bool_and / bool_or / every, and the float statistics (last bits may differ: @float).

SELECT dim_id, bool_and(flag), bool_or(flag), every(qty > 5) FROM facts WHERE id <= 3000 GROUP BY dim_id ORDER BY dim_id NULLS FIRST;

SELECT bool_and(flag), bool_or(flag), bool_and(b) FROM facts, types_t WHERE facts.id <= 10 AND types_t.id = facts.id;

SELECT bool_and(i8 > 0), bool_or(i8 IS NULL) FROM empty_t;

-- @float
SELECT dim_id, stddev(qty::float8), stddev_samp(price::float8), stddev_pop(qty::float8), variance(qty::float8), var_samp(price::float8), var_pop(qty::float8) FROM facts WHERE id <= 20000 GROUP BY dim_id ORDER BY dim_id NULLS FIRST;

-- @float
SELECT stddev(f4), variance(f4), stddev_pop(f8), var_pop(f8) FROM floats WHERE f8 IS NOT NULL AND f8 <> 'NaN' AND f8 < 1e300 AND f8 > -1e300 AND f4 <> 'Infinity' AND f4 <> '-Infinity' AND f4 <> 'NaN';

-- one row and no rows
-- @float
SELECT stddev(qty::float8), var_pop(qty::float8), stddev_pop(qty::float8) FROM facts WHERE id = 1;
SELECT stddev(i8::float8), variance(i8::float8) FROM empty_t;
