-- Views and derived tables in FROM (conditions on a view's outputs are evaluated by the engine),
-- nested derived tables with their own GROUP BY / DISTINCT / ORDER BY + LIMIT, and TOASTed
-- text: out-of-line uncompressed values of 3-96 KB (docs.body) and compressed ones (docs.zbody).

SELECT * FROM v_types_pos ORDER BY id;

SELECT count(*), sum(i4), sum(n9_2), min(t), max(d) FROM v_types_pos;

SELECT * FROM v_types_pos WHERE n9_2 > 0 AND t LIKE 't2%' ORDER BY id;

SELECT * FROM v_strs_nonnull WHERE t LIKE 'a%' ORDER BY id;

SELECT id, t, vc FROM v_strs_nonnull WHERE vc IS NULL OR vc <> t ORDER BY id;

SELECT s.k, s.n FROM (SELECT i2 % 5 AS k, count(*) AS n FROM types_t GROUP BY i2 % 5) s WHERE s.n > 10 ORDER BY s.k NULLS FIRST;

SELECT k, total FROM (SELECT k, sum(n) AS total FROM (SELECT dim_id % 10 AS k, qty AS n FROM facts WHERE id <= 100000) a GROUP BY k) b ORDER BY total DESC NULLS LAST, k NULLS FIRST;

SELECT * FROM (SELECT DISTINCT t FROM types_t ORDER BY t LIMIT 10) s ORDER BY t DESC;

SELECT d.name, top.id, top.price FROM (SELECT id, dim_id, price FROM facts WHERE price IS NOT NULL ORDER BY price DESC, id LIMIT 25) top JOIN dims d ON d.dim_id = top.dim_id ORDER BY top.price DESC, top.id;

SELECT v.dim_id, d.name, v.n, v.qty_sum, v.price_sum FROM v_dim_totals v JOIN dims d ON d.dim_id = v.dim_id WHERE v.n > 9500 ORDER BY v.dim_id;

SELECT count(*), sum(n), sum(qty_sum), min(first_d), max(last_d) FROM v_dim_totals;

SELECT count(*), sum(x) FROM (SELECT i8 AS x FROM empty_t) s;

SELECT id, doubled FROM (SELECT id, i4 * 2 AS doubled FROM v_types_pos) s WHERE doubled BETWEEN 100 AND 400 ORDER BY doubled DESC, id;

SELECT name, count(*) FROM v_facts_dims WHERE name IN ('dim_001', 'dim_013', NULL) GROUP BY name ORDER BY name;

SELECT a.id, a.i4, b.i2, b.cnt FROM v_types_pos a JOIN (SELECT i2, count(*) AS cnt FROM types_t GROUP BY i2) b ON b.i2 = a.i4 % 100 WHERE b.cnt > 1 ORDER BY a.id;

-- TOASTed text: select it, compare it, order by it, filter on it
SELECT id, tag FROM docs WHERE length(body) > 90000 ORDER BY id;

SELECT id, tag, body FROM docs WHERE id IN (1, 2, 50, 153, 154) ORDER BY id;

SELECT id, zbody FROM docs WHERE id IN (3, 45, 151, 152) ORDER BY id;

SELECT a.id, b.id, a.tag, b.tag FROM docs a JOIN docs b ON a.body = b.body AND a.id < b.id ORDER BY a.id, b.id;

SELECT id FROM docs WHERE body = repeat(md5('7'), 359) ORDER BY id;

SELECT id FROM (SELECT id, body FROM docs) s WHERE body LIKE '8f14e45f%' OR body LIKE '%c9f0f895fb98ab9159f51fd0297e236d' ORDER BY id;

SELECT id, tag FROM docs ORDER BY body DESC NULLS LAST, id LIMIT 5;

SELECT tag, count(*) FROM (SELECT DISTINCT tag, zbody FROM docs) s GROUP BY tag ORDER BY tag;

SELECT count(*), count(z) FROM (SELECT zbody AS z FROM docs) s;

-- @unordered
SELECT a.id, b.id FROM docs a, docs b WHERE a.zbody = b.zbody AND a.id < b.id AND a.id <= 20;
