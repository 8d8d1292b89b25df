-- Member H5: one-time sign-in codes, member sessions and shipping addresses.

-- One row per code sent. The code is kept only as a keyed hash (a 6-digit code is guessable from a
-- plain hash), the phone as its lookup HMAC (never in clear) and the requesting IP as an HMAC too.
-- Rate limits count these rows, so they hold across servers.
CREATE TABLE member_otp_codes (
  tenant_id bigint NOT NULL REFERENCES tenants,
  id bigint GENERATED ALWAYS AS IDENTITY,
  phone_hash text NOT NULL,
  ip_hash text NOT NULL,
  code_hash bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  consumed_at timestamptz,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX member_otp_codes_phone ON member_otp_codes (tenant_id, phone_hash, created_at DESC);
CREATE INDEX member_otp_codes_ip ON member_otp_codes (tenant_id, ip_hash, created_at DESC);
SELECT siyu_protect('member_otp_codes');

-- A member's sign-in on the H5. The cookie carries `<tenant id>.<token>`; only SHA-256(token) is kept.
-- Separate from staff_sessions: a member session carries no staff permission at all.
CREATE TABLE member_sessions (
  tenant_id bigint NOT NULL REFERENCES tenants,
  id bigint GENERATED ALWAYS AS IDENTITY,
  token_hash bytea NOT NULL,
  member_id bigint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  user_agent text,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, token_hash),
  FOREIGN KEY (tenant_id, member_id) REFERENCES members (tenant_id, id)
);
CREATE INDEX member_sessions_member ON member_sessions (tenant_id, member_id) WHERE revoked_at IS NULL;
SELECT siyu_protect('member_sessions');

-- Shipping addresses for points-mall gifts. Personal information: the recipient's phone is
-- encrypted (AES-GCM, key id inside) and shown masked; the street line is what a courier needs.
CREATE TABLE member_addresses (
  tenant_id bigint NOT NULL REFERENCES tenants,
  id bigint GENERATED ALWAYS AS IDENTITY,
  member_id bigint NOT NULL,
  -- Who created it: a merge moves addresses to the survivor, an unmerge moves them back.
  origin_member_id bigint NOT NULL,
  recipient text NOT NULL CHECK (length(recipient) BETWEEN 1 AND 50),
  phone_enc text NOT NULL,
  phone_masked text NOT NULL,
  province text NOT NULL CHECK (length(province) BETWEEN 1 AND 30),
  city text NOT NULL CHECK (length(city) BETWEEN 1 AND 30),
  district text NOT NULL DEFAULT '' CHECK (length(district) <= 30),
  line text NOT NULL CHECK (length(line) BETWEEN 1 AND 200),
  postcode text CHECK (postcode ~ '^[0-9]{6}$'),
  is_default boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, member_id) REFERENCES members (tenant_id, id)
);
CREATE INDEX member_addresses_member ON member_addresses (tenant_id, member_id, id);
-- At most one default per member, held by the database.
CREATE UNIQUE INDEX member_addresses_default ON member_addresses (tenant_id, member_id) WHERE is_default;
SELECT siyu_protect('member_addresses');
