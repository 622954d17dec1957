-- The office database for several kiosks, counter terminals and displays (README: "One office, many
-- machines"). Run once on the database server, as the PostgreSQL superuser:
--
--   sudo -u postgres psql -f office-db.sql
--
-- It asks for the password of the role the machines log in with (or reads MC_OFFICE_DB_PASSWORD), and
-- may be run again: it only creates what is missing and sets the password again. The tables themselves
-- are created and migrated by the kiosk software when it first connects (schema mc_office, versioned).
--
-- Roles:
--   mc_kiosk   LOGIN: every kiosk, counter terminal and display. Owns schema mc_office (it migrates it)
--              and nothing else; no superuser, no CREATEDB, no CREATEROLE.
--   mc_report  LOGIN, read only: for the IT officer's reports and monitoring (no password set here:
--              `\password mc_report` when you need it).
\set ON_ERROR_STOP on

\getenv kiosk_password MC_OFFICE_DB_PASSWORD
\if :{?kiosk_password}
\else
  \prompt 'Mật khẩu cho vai trò mc_kiosk / password for role mc_kiosk: ' kiosk_password
\endif

SELECT 'CREATE ROLE mc_kiosk LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE CONNECTION LIMIT 200'
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'mc_kiosk')\gexec
SELECT 'CREATE ROLE mc_report LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE CONNECTION LIMIT 10'
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'mc_report')\gexec

-- Keep the password out of the server log whatever log_statement says (only a superuser can set this).
SET log_statement = 'none';
SET log_min_duration_statement = -1;
SET password_encryption = 'scram-sha-256';
ALTER ROLE mc_kiosk PASSWORD :'kiosk_password';
RESET log_statement;
RESET log_min_duration_statement;

SELECT 'CREATE DATABASE mocua OWNER mc_kiosk ENCODING ''UTF8'' TEMPLATE template0'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'mocua')\gexec
REVOKE ALL ON DATABASE mocua FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE mocua TO mc_kiosk;
GRANT CONNECT ON DATABASE mocua TO mc_report;

\connect mocua
REVOKE ALL ON SCHEMA public FROM PUBLIC;
CREATE SCHEMA IF NOT EXISTS mc_office AUTHORIZATION mc_kiosk;
GRANT USAGE ON SCHEMA mc_office TO mc_report;
GRANT SELECT ON ALL TABLES IN SCHEMA mc_office TO mc_report;
-- Tables the kiosks create later are readable by mc_report too.
ALTER DEFAULT PRIVILEGES FOR ROLE mc_kiosk IN SCHEMA mc_office GRANT SELECT ON TABLES TO mc_report;
