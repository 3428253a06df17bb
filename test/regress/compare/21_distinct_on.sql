-- DISTINCT ON: the first row of each group in ORDER BY order (orders made total).

SELECT DISTINCT ON (dim_id) dim_id, id, qty FROM facts WHERE id <= 3000 ORDER BY dim_id NULLS FIRST, qty DESC NULLS LAST, id;

SELECT DISTINCT ON (cat) cat, price, id FROM facts WHERE id <= 5000 ORDER BY cat NULLS FIRST, price NULLS LAST, id;

-- keys not in the select list, and an expression as key
SELECT DISTINCT ON (f.dim_id / 10) f.id, d.name FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 2000 ORDER BY f.dim_id / 10, f.id DESC;

-- as a derived table: latest row per group
SELECT s.dim_id, s.id FROM (SELECT DISTINCT ON (dim_id) dim_id, id FROM facts WHERE id <= 1000 ORDER BY dim_id, id DESC) s JOIN dims d ON d.dim_id = s.dim_id ORDER BY s.dim_id;
