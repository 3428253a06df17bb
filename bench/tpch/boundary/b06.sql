-- The scan of Q6: its lineitem columns and filter, the output columns read (count) and
-- nothing else computed.
SELECT count(l_extendedprice), count(l_discount)
FROM lineitem
WHERE l_shipdate >= date '1994-01-01' AND l_shipdate < date '1994-01-01' + interval '1' year
  AND l_discount BETWEEN 0.06 - 0.01 AND 0.06 + 0.01 AND l_quantity < 24;
