-- Table access stays PostgreSQL's: row-level security, permissions and view ownership apply
-- to pg_fusion's scans exactly as to PostgreSQL's own plan.
CREATE ROLE regress_fusion_alice LOGIN;
CREATE TABLE sec_rls (id int, owner text, v int);
INSERT INTO sec_rls VALUES (1, 'regress_fusion_alice', 10), (2, 'bob', 20), (3, 'regress_fusion_alice', 30);
ALTER TABLE sec_rls ENABLE ROW LEVEL SECURITY;
CREATE POLICY sec_rls_own ON sec_rls FOR SELECT USING (owner = current_user);
GRANT SELECT ON sec_rls TO regress_fusion_alice;
CREATE TABLE sec_private (id int, secret text);
INSERT INTO sec_private VALUES (1, 'x'), (2, 'y');
CREATE VIEW sec_view AS SELECT id FROM sec_private;
GRANT SELECT ON sec_view TO regress_fusion_alice;
SET ROLE regress_fusion_alice;
SET pg_fusion.enable = on;
-- only the rows the policy shows
SELECT owner, count(*), sum(v) FROM sec_rls GROUP BY owner ORDER BY owner;
SELECT r.id, v.id FROM sec_rls r JOIN sec_view v ON r.id = v.id ORDER BY 1;
-- the view is read with its owner's rights, the table itself is refused
SELECT count(*) FROM sec_view;
SELECT count(*) FROM sec_private;
-- a view read as a pass-through wrapper (SELECT * FROM view ORDER BY ...) keeps both checks
SELECT * FROM sec_view ORDER BY id;
SELECT * FROM (SELECT s.id, p.secret FROM sec_private s JOIN sec_private p ON p.id = s.id) w ORDER BY 1;
RESET pg_fusion.enable;
RESET ROLE;
CREATE VIEW sec_hidden_view AS SELECT id FROM sec_private;
SET ROLE regress_fusion_alice;
SET pg_fusion.enable = on;
SELECT * FROM sec_hidden_view ORDER BY id;
RESET pg_fusion.enable;
RESET ROLE;
DROP VIEW sec_hidden_view;
DROP VIEW sec_view;
DROP TABLE sec_rls, sec_private;
DROP ROLE regress_fusion_alice;
