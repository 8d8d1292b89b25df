-- Per-tenant member settings: the JSON Schema custom attributes must satisfy, and merge rules.
CREATE TABLE member_settings (
  tenant_id bigint PRIMARY KEY REFERENCES tenants,
  attribute_schema jsonb NOT NULL DEFAULT '{"type": "object"}',
  merge_rules jsonb NOT NULL DEFAULT '{}',
  updated_at timestamptz NOT NULL DEFAULT now()
);
SELECT siyu_protect('member_settings');

-- One person. pool_id 0 = shared group-wide; otherwise the business unit that keeps its own members.
CREATE TABLE members (
  tenant_id bigint NOT NULL REFERENCES tenants,
  id bigint GENERATED ALWAYS AS IDENTITY,
  pool_id bigint NOT NULL DEFAULT 0,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'merged', 'erased')),
  merged_into bigint,
  name text,
  gender text CHECK (gender IN ('male', 'female', 'unknown')),
  birthday date,
  city text,
  home_store_id bigint,
  email text,
  -- The phone, encrypted (AES-256-GCM), with a keyed hash for lookup and the masked form for display.
  phone_enc text,
  phone_hash bytea,
  phone_masked text,
  joined_at timestamptz NOT NULL DEFAULT now(),
  join_channel text,
  join_store_id bigint,
  join_guide_id bigint,
  join_campaign text,
  join_scene text,
  consents jsonb NOT NULL DEFAULT '{}',
  attributes jsonb NOT NULL DEFAULT '{}',
  -- Where each profile field's value came from: {"name": {"source": "store_pos", "at": "…"}}.
  provenance jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, home_store_id) REFERENCES stores (tenant_id, id),
  FOREIGN KEY (tenant_id, join_store_id) REFERENCES stores (tenant_id, id),
  FOREIGN KEY (tenant_id, join_guide_id) REFERENCES staff (tenant_id, id)
);
CREATE INDEX members_active ON members (tenant_id, id DESC) WHERE status = 'active';
CREATE INDEX members_name ON members (tenant_id, name text_pattern_ops) WHERE status = 'active';
CREATE INDEX members_home_store ON members (tenant_id, home_store_id, id DESC) WHERE status = 'active';
CREATE INDEX members_joined ON members (tenant_id, joined_at);
SELECT siyu_protect('members');

-- A channel key of a member. Unique within a tenant's member pool: the same key is one person.
CREATE TABLE member_identities (
  tenant_id bigint NOT NULL REFERENCES tenants,
  id bigint GENERATED ALWAYS AS IDENTITY,
  member_id bigint NOT NULL,
  pool_id bigint NOT NULL DEFAULT 0,
  kind text NOT NULL CHECK (kind IN ('phone', 'unionid', 'oa_openid', 'mp_openid', 'wecom_external_userid', 'store_card', 'email', 'marketplace')),
  -- OA / mini-program appid for openids, platform for marketplace accounts, '' otherwise.
  namespace text NOT NULL DEFAULT '',
  -- The key; for phones the hex HMAC, never the number.
  value text NOT NULL,
  -- How it is shown: the masked number for phones, the value otherwise.
  display text NOT NULL,
  source text NOT NULL,
  linked_at timestamptz NOT NULL DEFAULT now(),
  -- The member this identity arrived with, kept through merges (provenance).
  origin_member_id bigint NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, pool_id, kind, namespace, value),
  FOREIGN KEY (tenant_id, member_id) REFERENCES members (tenant_id, id)
);
CREATE INDEX member_identities_member ON member_identities (tenant_id, member_id);
-- Search by any identity value (a phone's hash, a card number, an openid) across pools and kinds.
CREATE INDEX member_identities_value ON member_identities (tenant_id, value);
SELECT siyu_protect('member_identities');

-- Consent history per purpose; members.consents holds the current state.
CREATE TABLE member_consent_log (
  tenant_id bigint NOT NULL REFERENCES tenants,
  id bigint GENERATED ALWAYS AS IDENTITY,
  member_id bigint NOT NULL,
  purpose text NOT NULL CHECK (purpose IN ('marketing_sms', 'oa_template', 'wecom_message', 'profiling')),
  granted boolean NOT NULL,
  source text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, member_id) REFERENCES members (tenant_id, id)
);
CREATE INDEX member_consent_log_member ON member_consent_log (tenant_id, member_id, id DESC);
SELECT siyu_protect('member_consent_log');
CREATE TRIGGER member_consent_log_append_only BEFORE UPDATE OR DELETE ON member_consent_log
  FOR EACH ROW EXECUTE FUNCTION siyu_reject_change();

-- Every merge, with what it moved and the state it replaced, so it can be undone exactly.
CREATE TABLE member_merges (
  tenant_id bigint NOT NULL REFERENCES tenants,
  id bigint GENERATED ALWAYS AS IDENTITY,
  survivor_id bigint NOT NULL,
  merged_id bigint NOT NULL,
  reason text NOT NULL,
  trigger jsonb NOT NULL DEFAULT '{}',
  survivor_before jsonb NOT NULL,
  survivor_after jsonb NOT NULL,
  merged_before jsonb NOT NULL,
  identity_ids bigint[] NOT NULL,
  merged_at timestamptz NOT NULL DEFAULT now(),
  merged_by text NOT NULL,
  undone_at timestamptz,
  undone_by text,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, survivor_id) REFERENCES members (tenant_id, id),
  FOREIGN KEY (tenant_id, merged_id) REFERENCES members (tenant_id, id)
);
CREATE INDEX member_merges_survivor ON member_merges (tenant_id, survivor_id);
CREATE INDEX member_merges_merged ON member_merges (tenant_id, merged_id);
SELECT siyu_protect('member_merges');
