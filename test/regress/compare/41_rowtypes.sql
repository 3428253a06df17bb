-- Rowtypes with dropped columns: a set-returning function of a table's type in FROM, and a
-- view over it made after the column was dropped.
DROP VIEW IF EXISTS rt_users_view;
DROP FUNCTION IF EXISTS rt_get_users();
DROP TABLE IF EXISTS rt_users;
CREATE TABLE rt_users (userid text, seq int, email text, todrop bool, moredrop int, enabled bool);
INSERT INTO rt_users VALUES ('id',1,'email',true,11,true), ('id2',2,'email2',true,12,true);
ALTER TABLE rt_users DROP COLUMN todrop;
CREATE FUNCTION rt_get_users() RETURNS SETOF rt_users AS $$ SELECT * FROM rt_users ORDER BY userid; $$ LANGUAGE sql STABLE;
CREATE VIEW rt_users_view AS SELECT * FROM ROWS FROM(rt_get_users(), generate_series(10,11)) WITH ORDINALITY;

-- @unordered
SELECT * FROM rt_users_view;

SELECT userid, enabled, ordinality FROM rt_users_view ORDER BY 1;

SELECT u.email, u.moredrop, v.generate_series FROM rt_get_users() u JOIN rt_users_view v ON v.seq = u.seq ORDER BY 1;

SELECT * FROM unnest((SELECT array_agg(seq ORDER BY seq) FROM rt_users)) ORDER BY 1;

SELECT count(*), max(moredrop) FROM rt_get_users() WHERE enabled;
