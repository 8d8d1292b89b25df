CREATE TABLE staff (
  tenant_id bigint NOT NULL REFERENCES tenants,
  id bigint GENERATED ALWAYS AS IDENTITY,
  username text NOT NULL CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'operator', 'store_manager', 'guide')),
  scope text NOT NULL CHECK (scope IN ('all', 'region', 'store', 'own')),
  region_id bigint,
  store_id bigint,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  password_hash text NOT NULL,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  last_login_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, username),
  FOREIGN KEY (tenant_id, region_id) REFERENCES regions (tenant_id, id),
  FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id),
  CHECK (scope <> 'region' OR region_id IS NOT NULL),
  CHECK (scope NOT IN ('store', 'own') OR store_id IS NOT NULL)
);
CREATE INDEX staff_store ON staff (tenant_id, store_id);
SELECT siyu_protect('staff');

-- The cookie carries the tenant id and a random token; only the token's SHA-256 is stored.
CREATE TABLE staff_sessions (
  tenant_id bigint NOT NULL REFERENCES tenants,
  id bigint GENERATED ALWAYS AS IDENTITY,
  token_hash bytea NOT NULL,
  staff_id bigint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  ip text,
  user_agent text,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, token_hash),
  FOREIGN KEY (tenant_id, staff_id) REFERENCES staff (tenant_id, id)
);
CREATE INDEX staff_sessions_staff ON staff_sessions (tenant_id, staff_id) WHERE revoked_at IS NULL;
SELECT siyu_protect('staff_sessions');

CREATE TABLE api_keys (
  tenant_id bigint NOT NULL REFERENCES tenants,
  id bigint GENERATED ALWAYS AS IDENTITY,
  name text NOT NULL,
  prefix text NOT NULL,
  key_hash bytea NOT NULL,
  permissions text[] NOT NULL,
  created_by bigint,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, key_hash)
);
SELECT siyu_protect('api_keys');
