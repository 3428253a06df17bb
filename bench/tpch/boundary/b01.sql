-- The scan of Q1: its lineitem columns and filter, each column read (count) and nothing else
-- computed, so both modes pay for reading, deforming and (pg_fusion) moving the rows.
SELECT count(l_returnflag), count(l_linestatus), count(l_quantity), count(l_extendedprice),
       count(l_discount), count(l_tax)
FROM lineitem
WHERE l_shipdate <= date '1998-12-01' - interval '90' day;
