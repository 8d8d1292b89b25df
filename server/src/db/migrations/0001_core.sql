-- Roles. siyu_app is what the application connects as: it owns nothing and is confined by
-- row-level security to the tenant named in the transaction-local setting app.tenant_id.
-- siyu_system is granted to the owner (the migrating user) for cross-tenant maintenance.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'siyu_app') THEN
    CREATE ROLE siyu_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL; -- another database on this cluster created it at the same moment
END
$$;
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'siyu_system') THEN
    CREATE ROLE siyu_system NOLOGIN;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL;
END
$$;

GRANT siyu_system TO CURRENT_USER;
GRANT USAGE ON SCHEMA public TO siyu_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO siyu_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO siyu_app;

-- The tenant of the current transaction, or NULL (which matches no row).
CREATE FUNCTION siyu_tenant() RETURNS bigint
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT nullif(current_setting('app.tenant_id', true), '')::bigint $$;

-- Applies the standard policy pair to a tenant table: the app role sees its tenant's rows only,
-- the system role sees all; FORCE makes the owner subject to policies too.
CREATE FUNCTION siyu_protect(tbl regclass) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
  EXECUTE format(
    'CREATE POLICY tenant_isolation ON %s TO siyu_app USING (tenant_id = (SELECT siyu_tenant())) WITH CHECK (tenant_id = (SELECT siyu_tenant()))',
    tbl);
  EXECUTE format('CREATE POLICY system_access ON %s TO siyu_system USING (true) WITH CHECK (true)', tbl);
END
$$;

-- Append-only tables (ledgers, audit) reject UPDATE and DELETE whoever asks.
CREATE FUNCTION siyu_reject_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'P0001';
END
$$;
