-- string_agg(text, delimiter ORDER BY ...): NULLs skipped, no rows gives NULL.

SELECT dim_id, string_agg(cat, ',' ORDER BY id) FROM facts WHERE id <= 400 GROUP BY dim_id ORDER BY dim_id NULLS FIRST;

SELECT string_agg(t, ' | ' ORDER BY id DESC) FROM strs;

SELECT d.region, string_agg(d.name, ';' ORDER BY d.name DESC NULLS LAST, d.dim_id) FROM dims d GROUP BY d.region ORDER BY d.region NULLS FIRST;

SELECT string_agg(DISTINCT cat, ',' ORDER BY cat) FROM facts WHERE id <= 1000;

SELECT string_agg(cat, ',' ORDER BY id) FILTER (WHERE qty > 45) FROM facts WHERE id <= 300;

SELECT string_agg(t, ',' ORDER BY id) FROM strs WHERE id < 0;
