-- The usual foreign-key column indexes; with primary_keys.sql they form index set "pkfk"
-- (load.sh's default). load.sh runs this after primary_keys.sql.
CREATE INDEX lineitem_l_orderkey ON lineitem (l_orderkey);
CREATE INDEX lineitem_l_partkey_l_suppkey ON lineitem (l_partkey, l_suppkey);
CREATE INDEX orders_o_custkey ON orders (o_custkey);
CREATE INDEX partsupp_ps_suppkey ON partsupp (ps_suppkey);
CREATE INDEX customer_c_nationkey ON customer (c_nationkey);
CREATE INDEX supplier_s_nationkey ON supplier (s_nationkey);
CREATE INDEX nation_n_regionkey ON nation (n_regionkey);
