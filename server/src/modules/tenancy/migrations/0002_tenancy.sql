CREATE TABLE tenants (
  tenant_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9-]{1,39}$'),
  name text NOT NULL,
  locale text NOT NULL DEFAULT 'zh-CN',
  timezone text NOT NULL DEFAULT 'Asia/Shanghai',
  currency text NOT NULL DEFAULT 'CNY',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
SELECT siyu_protect('tenants');

-- Login names a tenant by its code before any tenant is in context; this is the one way in.
CREATE FUNCTION siyu_tenant_id_by_code(p_code text) RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT tenant_id FROM tenants WHERE code = lower(p_code) $$;
REVOKE ALL ON FUNCTION siyu_tenant_id_by_code(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION siyu_tenant_id_by_code(text) TO siyu_app;

CREATE TABLE business_units (
  tenant_id bigint NOT NULL REFERENCES tenants,
  id bigint GENERATED ALWAYS AS IDENTITY,
  code text NOT NULL,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('retail', 'dining', 'hotel', 'other')),
  member_sharing text NOT NULL DEFAULT 'group' CHECK (member_sharing IN ('group', 'unit')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, code)
);
SELECT siyu_protect('business_units');

CREATE TABLE regions (
  tenant_id bigint NOT NULL REFERENCES tenants,
  id bigint GENERATED ALWAYS AS IDENTITY,
  code text NOT NULL,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, code)
);
SELECT siyu_protect('regions');

CREATE TABLE stores (
  tenant_id bigint NOT NULL REFERENCES tenants,
  id bigint GENERATED ALWAYS AS IDENTITY,
  code text NOT NULL,
  name text NOT NULL,
  kind text NOT NULL DEFAULT 'physical' CHECK (kind IN ('physical', 'livestream', 'mini_mall', 'marketplace_shop')),
  business_unit_id bigint,
  region_id bigint,
  city text,
  address text,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, code),
  FOREIGN KEY (tenant_id, business_unit_id) REFERENCES business_units (tenant_id, id),
  FOREIGN KEY (tenant_id, region_id) REFERENCES regions (tenant_id, id)
);
CREATE INDEX stores_region ON stores (tenant_id, region_id);
SELECT siyu_protect('stores');
