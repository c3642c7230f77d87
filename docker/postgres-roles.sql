-- Run once by the postgres image on a fresh volume (docker-entrypoint-initdb.d), in database gongji:
-- the schema's owner runs the migrations, the service runs as a role that owns nothing (SECURITY.md).
-- Dev-only passwords; a volume made before this file existed lacks the roles (docker compose down -v).
CREATE ROLE gongji_owner LOGIN PASSWORD 'gongji_owner-dev-only';
CREATE ROLE gongji_service LOGIN PASSWORD 'gongji_service-dev-only';
ALTER DATABASE gongji OWNER TO gongji_owner;
ALTER SCHEMA public OWNER TO gongji_owner;
