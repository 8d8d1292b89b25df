-- Loyalty programmes: how members earn points and growth, and the tiers they climb. One programme
-- per member pool (pool_id 0 = group-wide; else the business unit that keeps its own members, as
-- members.pool_id), so a brand that keeps members apart also keeps its loyalty apart.
CREATE TABLE loyalty_programs (
  tenant_id bigint NOT NULL REFERENCES tenants,
  id bigint GENERATED ALWAYS AS IDENTITY,
  pool_id bigint NOT NULL DEFAULT 0,
  name text NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused')),
  -- Earning: the order total's points are rounded once per order.
  rounding text NOT NULL DEFAULT 'floor' CHECK (rounding IN ('floor', 'round', 'ceil')),
  -- Points of an order stay pending this many days after payment (the return window).
  return_window_days integer NOT NULL DEFAULT 7 CHECK (return_window_days BETWEEN 0 AND 365),
  -- When earned points expire (points.expiry-policy.ts): {"kind":"never"} |
  -- {"kind":"months_after","months":N} | {"kind":"end_of_year","years":N} | {"kind":"fixed","at":"…"}
  expiry jsonb NOT NULL DEFAULT '{"kind": "never"}',
  order_cap integer CHECK (order_cap > 0),
  daily_cap integer CHECK (daily_cap > 0),
  -- Tiers qualify on the rolling 12-month paid amount or on growth value, never on points.
  tier_basis text NOT NULL DEFAULT 'paid_12m' CHECK (tier_basis IN ('paid_12m', 'growth')),
  -- Growth value per ¥1 paid (growth basis), plus what action rules give.
  growth_per_yuan numeric(10, 4) NOT NULL DEFAULT 1 CHECK (growth_per_yuan >= 0),
  -- Downgrades happen only at the periodic evaluation: on the member's tier anniversary or on 1 January.
  evaluation text NOT NULL DEFAULT 'anniversary' CHECK (evaluation IN ('anniversary', 'calendar_year')),
  downgrade_grace_days integer NOT NULL DEFAULT 0 CHECK (downgrade_grace_days BETWEEN 0 AND 365),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, pool_id)
);
SELECT siyu_protect('loyalty_programs');

-- Ordered levels. threshold is in cents of paid amount (paid_12m) or in growth value; rank 1 is the
-- entry level with threshold 0. benefits: {"pointsMultiplier":1.5,"discountRate":0.95,
-- "freeShipping":true,"birthdayCouponTemplateId":"cpt_1","upgradeCouponTemplateId":"cpt_2","prioritySupport":true}
CREATE TABLE loyalty_tiers (
  tenant_id bigint NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  program_id bigint NOT NULL,
  rank integer NOT NULL CHECK (rank > 0),
  code text NOT NULL,
  name text NOT NULL,
  threshold bigint NOT NULL CHECK (threshold >= 0),
  benefits jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, program_id, rank),
  UNIQUE (tenant_id, program_id, code),
  FOREIGN KEY (tenant_id, program_id) REFERENCES loyalty_programs (tenant_id, id)
);
SELECT siyu_protect('loyalty_tiers');

-- Earn rules, as data. base: points per ¥1 on matching order lines (the most specific matching base
-- rule wins per line: SKU, then category, then store, then channel, then any); multiplier: a
-- campaign factor on matching orders in its window (the highest applies); action: points and growth
-- for an action (join, check-in…) with limits per member per day, per member ever, and in total.
CREATE TABLE loyalty_earn_rules (
  tenant_id bigint NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  program_id bigint NOT NULL,
  kind text NOT NULL CHECK (kind IN ('base', 'multiplier', 'action')),
  name text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  rate numeric(12, 4) CHECK (rate >= 0),
  action text CHECK (action IN ('join', 'complete_profile', 'birthday', 'check_in', 'review', 'referral', 'scan_product')),
  points integer CHECK (points >= 0),
  growth integer NOT NULL DEFAULT 0 CHECK (growth >= 0),
  channels text[] NOT NULL DEFAULT '{}',
  store_ids bigint[] NOT NULL DEFAULT '{}',
  skus text[] NOT NULL DEFAULT '{}',
  category_prefixes text[] NOT NULL DEFAULT '{}',
  starts_at timestamptz,
  ends_at timestamptz,
  limit_per_day integer CHECK (limit_per_day > 0),
  limit_per_member integer CHECK (limit_per_member > 0),
  limit_total integer CHECK (limit_total > 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, program_id) REFERENCES loyalty_programs (tenant_id, id),
  CHECK ((kind = 'action') = (action IS NOT NULL AND points IS NOT NULL)),
  CHECK (kind = 'action' OR rate IS NOT NULL),
  CHECK (starts_at IS NULL OR ends_at IS NULL OR starts_at < ends_at)
);
CREATE UNIQUE INDEX loyalty_earn_rules_action ON loyalty_earn_rules (tenant_id, program_id, action) WHERE kind = 'action' AND active;
SELECT siyu_protect('loyalty_earn_rules');

-- Counters for action limits, taken with a conditional upsert (never read-then-check).
-- period: 'ever', or the day 'YYYY-MM-DD' in the tenant's time zone; member_id 0 counts the total.
CREATE TABLE loyalty_action_counts (
  tenant_id bigint NOT NULL,
  rule_id bigint NOT NULL,
  member_id bigint NOT NULL,
  period text NOT NULL,
  count integer NOT NULL CHECK (count > 0),
  PRIMARY KEY (tenant_id, rule_id, member_id, period),
  FOREIGN KEY (tenant_id, rule_id) REFERENCES loyalty_earn_rules (tenant_id, id)
);
SELECT siyu_protect('loyalty_action_counts');

-- Action claims, unique by the caller's key (a review id, a product code, the day for a check-in).
CREATE TABLE loyalty_actions (
  tenant_id bigint NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  rule_id bigint NOT NULL,
  member_id bigint NOT NULL,
  -- Who claimed it: a merge moves the claim to the survivor, an unmerge back to this member.
  origin_member_id bigint NOT NULL,
  key text NOT NULL,
  points integer NOT NULL,
  growth integer NOT NULL,
  occurred_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, rule_id, member_id, key),
  FOREIGN KEY (tenant_id, rule_id) REFERENCES loyalty_earn_rules (tenant_id, id),
  FOREIGN KEY (tenant_id, member_id) REFERENCES members (tenant_id, id)
);
SELECT siyu_protect('loyalty_actions');

-- What each order earned: points (through the ledger, source order) and growth, and how much of it
-- refunds have taken back. member_id follows the order's member through merges and back. Tier
-- qualification sums these rows (and actions) over 12 months: at most a few hundred per member.
CREATE TABLE loyalty_settlements (
  tenant_id bigint NOT NULL,
  order_id bigint NOT NULL,
  program_id bigint NOT NULL,
  member_id bigint NOT NULL,
  paid_cents bigint NOT NULL,
  points bigint NOT NULL,
  growth bigint NOT NULL,
  refunded_cents bigint NOT NULL DEFAULT 0,
  paid_at timestamptz NOT NULL,
  breakdown jsonb NOT NULL,
  settled_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, order_id),
  FOREIGN KEY (tenant_id, program_id) REFERENCES loyalty_programs (tenant_id, id)
);
CREATE INDEX loyalty_settlements_member ON loyalty_settlements (tenant_id, member_id, paid_at);
CREATE INDEX loyalty_actions_member ON loyalty_actions (tenant_id, member_id, occurred_at);
SELECT siyu_protect('loyalty_settlements');

-- Points earned per member and day, for the daily cap.
CREATE TABLE loyalty_daily_points (
  tenant_id bigint NOT NULL,
  program_id bigint NOT NULL,
  member_id bigint NOT NULL,
  day date NOT NULL,
  points bigint NOT NULL,
  PRIMARY KEY (tenant_id, program_id, member_id, day)
);
SELECT siyu_protect('loyalty_daily_points');

-- A member's current tier. tier_id null: below the entry level's threshold (no tier yet).
CREATE TABLE loyalty_member_tiers (
  tenant_id bigint NOT NULL,
  program_id bigint NOT NULL,
  member_id bigint NOT NULL,
  tier_id bigint,
  since timestamptz NOT NULL,
  -- Next periodic evaluation; downgrades happen only then (plus grace).
  evaluate_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, program_id, member_id),
  FOREIGN KEY (tenant_id, tier_id) REFERENCES loyalty_tiers (tenant_id, id),
  FOREIGN KEY (tenant_id, member_id) REFERENCES members (tenant_id, id)
);
CREATE INDEX loyalty_member_tiers_due ON loyalty_member_tiers (tenant_id, evaluate_at);
SELECT siyu_protect('loyalty_member_tiers');

CREATE TABLE loyalty_tier_history (
  tenant_id bigint NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  program_id bigint NOT NULL,
  member_id bigint NOT NULL,
  from_tier_id bigint,
  to_tier_id bigint,
  reason text NOT NULL CHECK (reason IN ('qualified', 'evaluation', 'refund', 'manual', 'merge', 'unmerge')),
  qualifying bigint NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX loyalty_tier_history_member ON loyalty_tier_history (tenant_id, member_id, id DESC);
SELECT siyu_protect('loyalty_tier_history');
CREATE TRIGGER loyalty_tier_history_append_only BEFORE UPDATE OR DELETE ON loyalty_tier_history
  FOR EACH ROW EXECUTE FUNCTION siyu_reject_change();

-- Benefits fulfilled, exactly once per member, benefit and period (the primary key says so).
-- period: 'once' for an upgrade gift per tier, the year for a birthday gift.
CREATE TABLE loyalty_benefit_grants (
  tenant_id bigint NOT NULL,
  program_id bigint NOT NULL,
  member_id bigint NOT NULL,
  benefit text NOT NULL,
  period text NOT NULL,
  tier_id bigint NOT NULL,
  detail jsonb NOT NULL DEFAULT '{}',
  granted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, program_id, member_id, benefit, period)
);
SELECT siyu_protect('loyalty_benefit_grants');
