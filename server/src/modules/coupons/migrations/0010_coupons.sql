-- Coupon templates: what a coupon gives, where it applies, how many exist and for how long.
CREATE TABLE coupon_templates (
  tenant_id bigint NOT NULL REFERENCES tenants,
  id bigint GENERATED ALWAYS AS IDENTITY,
  name text NOT NULL,
  description text,
  kind text NOT NULL CHECK (kind IN ('cash_off', 'percent_off', 'gift', 'free_shipping')),
  -- cash_off: the amount off; percent_off: basis points off (1500 = 15% off, 八五折) with an optional cap.
  amount_off_cents bigint CHECK (amount_off_cents > 0),
  percent_off_bp integer CHECK (percent_off_bp BETWEEN 1 AND 10000),
  max_discount_cents bigint CHECK (max_discount_cents > 0),
  -- Spend on applicable items needed before the coupon applies (满 X 减 Y).
  threshold_cents bigint NOT NULL DEFAULT 0 CHECK (threshold_cents >= 0),
  -- gift / exchange: one unit of this SKU for free.
  gift_sku text,
  CHECK (CASE kind
    WHEN 'cash_off' THEN amount_off_cents IS NOT NULL
    WHEN 'percent_off' THEN percent_off_bp IS NOT NULL
    WHEN 'gift' THEN gift_sku IS NOT NULL
    ELSE true END),
  -- Stock: null = unlimited. Taken by a conditional UPDATE; the CHECK is the last line of defence.
  stock_total integer CHECK (stock_total >= 0),
  stock_left integer CHECK (stock_left >= 0),
  CHECK ((stock_total IS NULL) = (stock_left IS NULL) AND stock_left <= stock_total),
  per_member_limit integer CHECK (per_member_limit > 0),
  -- Validity: a fixed window, or N days from issue.
  valid_from timestamptz,
  valid_to timestamptz,
  valid_days integer CHECK (valid_days > 0),
  CHECK ((valid_days IS NULL AND valid_from IS NOT NULL AND valid_to IS NOT NULL AND valid_from < valid_to)
      OR (valid_days IS NOT NULL AND valid_from IS NULL AND valid_to IS NULL)),
  -- Applicability; an empty list means any. Category prefixes match whole path segments.
  channels text[] NOT NULL DEFAULT '{}',
  store_ids bigint[] NOT NULL DEFAULT '{}',
  skus text[] NOT NULL DEFAULT '{}',
  category_prefixes text[] NOT NULL DEFAULT '{}',
  shareable boolean NOT NULL DEFAULT false,
  -- Whether members may claim it themselves through its claim code (a link on a landing page).
  claimable boolean NOT NULL DEFAULT false,
  claim_code text NOT NULL,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'paused', 'ended')),
  business_unit_id bigint,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, claim_code),
  FOREIGN KEY (tenant_id, business_unit_id) REFERENCES business_units (tenant_id, id)
);
CREATE INDEX coupon_templates_status ON coupon_templates (tenant_id, status, id DESC);
SELECT siyu_protect('coupon_templates');

-- Per-member limit: one counter row per (template, member), raised by a conditional upsert.
-- max_claims is the template's limit when the row was last raised, so the CHECK holds the line.
CREATE TABLE coupon_member_claims (
  tenant_id bigint NOT NULL,
  template_id bigint NOT NULL,
  member_id bigint NOT NULL,
  claimed integer NOT NULL CHECK (claimed >= 0),
  max_claims integer NOT NULL CHECK (max_claims > 0),
  CHECK (claimed <= max_claims),
  PRIMARY KEY (tenant_id, template_id, member_id),
  FOREIGN KEY (tenant_id, template_id) REFERENCES coupon_templates (tenant_id, id)
);
SELECT siyu_protect('coupon_member_claims');

-- One coupon held by one member. A share ends this row (status shared) and starts a new one
-- for the friend, with a new code and shared_from pointing back: the chain is the history.
CREATE TABLE coupons (
  tenant_id bigint NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  template_id bigint NOT NULL,
  -- Unguessable, readable (no 0/O/1/I): a bearer code, like cash.
  code text NOT NULL,
  member_id bigint NOT NULL,
  -- The member it was issued or shared to, kept through merges, so an unmerge can move it back.
  origin_member_id bigint NOT NULL,
  status text NOT NULL DEFAULT 'available' CHECK (status IN ('available', 'redeemed', 'shared', 'expired')),
  source_type text NOT NULL,
  source_id text,
  issued_at timestamptz NOT NULL,
  claimed_at timestamptz,
  valid_from timestamptz NOT NULL,
  valid_to timestamptz NOT NULL,
  shared_from bigint,
  shared_at timestamptz,
  redeemed_at timestamptz,
  redemption_id bigint,
  redeemed_channel text,
  redeemed_order_ref text,
  redeemed_order_id bigint,
  redeemed_store_id bigint,
  redeemed_region_id bigint,
  expired_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, code),
  FOREIGN KEY (tenant_id, template_id) REFERENCES coupon_templates (tenant_id, id),
  FOREIGN KEY (tenant_id, member_id) REFERENCES members (tenant_id, id),
  FOREIGN KEY (tenant_id, shared_from) REFERENCES coupons (tenant_id, id),
  CHECK ((status = 'redeemed') = (redeemed_at IS NOT NULL)),
  CHECK ((status = 'shared') = (shared_at IS NOT NULL))
);
CREATE INDEX coupons_member ON coupons (tenant_id, member_id, status);
CREATE INDEX coupons_template ON coupons (tenant_id, template_id, issued_at);
-- The expiry sweep walks this per tenant, oldest first.
CREATE INDEX coupons_due ON coupons (tenant_id, valid_to) WHERE status = 'available';
CREATE INDEX coupons_shared_from ON coupons (tenant_id, shared_from) WHERE shared_from IS NOT NULL;
SELECT siyu_protect('coupons');

-- Every redemption, kept when reversed. At most one live redemption per coupon.
CREATE TABLE coupon_redemptions (
  tenant_id bigint NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  coupon_id bigint NOT NULL,
  template_id bigint NOT NULL,
  member_id bigint NOT NULL,
  channel text NOT NULL,
  external_order_id text NOT NULL,
  -- The orders module's order, once its order.paid has been seen.
  order_id bigint,
  store_id bigint,
  region_id bigint,
  order_total_cents bigint NOT NULL CHECK (order_total_cents >= 0),
  discount_cents bigint NOT NULL CHECK (discount_cents >= 0),
  -- What the order paid (the order's own figure once known, else total − discount): sales driven.
  paid_cents bigint NOT NULL CHECK (paid_cents >= 0),
  refunded_cents bigint NOT NULL DEFAULT 0 CHECK (refunded_cents >= 0),
  -- sha256 of the canonical request: a replay with another payload is refused.
  payload_hash bytea NOT NULL,
  via text NOT NULL CHECK (via IN ('api', 'order')),
  status text NOT NULL DEFAULT 'redeemed' CHECK (status IN ('redeemed', 'reversed')),
  redeemed_at timestamptz NOT NULL,
  reversed_at timestamptz,
  reversal_reason text,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, coupon_id) REFERENCES coupons (tenant_id, id),
  FOREIGN KEY (tenant_id, template_id) REFERENCES coupon_templates (tenant_id, id)
);
CREATE UNIQUE INDEX coupon_redemptions_live ON coupon_redemptions (tenant_id, coupon_id) WHERE status = 'redeemed';
CREATE INDEX coupon_redemptions_order_ref ON coupon_redemptions (tenant_id, channel, external_order_id);
CREATE INDEX coupon_redemptions_order ON coupon_redemptions (tenant_id, order_id) WHERE order_id IS NOT NULL;
CREATE INDEX coupon_redemptions_template ON coupon_redemptions (tenant_id, template_id, redeemed_at);
SELECT siyu_protect('coupon_redemptions');

-- Idempotency keys of coupon writes (issue, claim, share, redeem): the first request's payload
-- hash and response. The same key again returns that response; with another payload, a 409.
CREATE TABLE coupon_requests (
  tenant_id bigint NOT NULL,
  operation text NOT NULL,
  key text NOT NULL,
  payload_hash bytea NOT NULL,
  response jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, operation, key)
);
SELECT siyu_protect('coupon_requests');
