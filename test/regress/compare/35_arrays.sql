-- array_agg of integers, numerics and text (ORDER BY, DISTINCT, FILTER, NULL elements), and
-- array columns carried through joins as their text form.

SELECT f.cat, array_agg(f.qty ORDER BY f.id), array_agg(DISTINCT f.price), array_agg(d.name ORDER BY d.name DESC) FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 60 GROUP BY f.cat ORDER BY f.cat NULLS FIRST;

SELECT i.id % 3 AS g, array_agg(s.t ORDER BY s.id), array_agg(DISTINCT s.vc), array_agg(s.id ORDER BY s.id) FILTER (WHERE s.t IS NULL) FROM strs s JOIN ints i ON i.id = s.id GROUP BY 1 ORDER BY 1;

SELECT array_agg(n.n9_2 ORDER BY n.id), array_agg(n.n38_0 ORDER BY n.id) FROM nums n JOIN ints b ON b.id = 4 WHERE n.id < 20;

SELECT array_agg(f.qty) FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id < 0;

SELECT a.id, a.ia, a.ta, a.na, a.da, i.i4 FROM arr_t a JOIN ints i ON i.id = a.id ORDER BY a.id;

SELECT a.id, a.ia[1], cardinality(a.ta), a.ta @> '{a}' FROM arr_t a LEFT JOIN ints i ON i.id = a.id + 100 ORDER BY a.id;
