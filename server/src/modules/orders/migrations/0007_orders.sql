CREATE TABLE products (
  tenant_id bigint NOT NULL REFERENCES tenants,
  id bigint GENERATED ALWAYS AS IDENTITY,
  sku text NOT NULL,
  name text NOT NULL,
  -- Slash-separated path from the root category: '镜架/金属框'.
  category_path text NOT NULL DEFAULT '',
  brand text,
  price_cents bigint NOT NULL CHECK (price_cents >= 0),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, sku)
);
CREATE INDEX products_category ON products (tenant_id, category_path text_pattern_ops);
SELECT siyu_protect('products');

-- An order from any channel. member_id is null for non-member orders (kept for member share);
-- identity_id is the identity that resolved the member, so an unmerge can move it back.
CREATE TABLE orders (
  tenant_id bigint NOT NULL REFERENCES tenants,
  id bigint GENERATED ALWAYS AS IDENTITY,
  channel text NOT NULL,
  external_id text NOT NULL,
  store_id bigint,
  guide_id bigint,
  member_id bigint,
  identity_id bigint,
  -- The member the order was first tied to (for orders tied by member id rather than identity).
  origin_member_id bigint,
  status text NOT NULL CHECK (status IN ('paid', 'partially_refunded', 'refunded', 'cancelled')),
  total_cents bigint NOT NULL CHECK (total_cents >= 0),
  discount_cents bigint NOT NULL DEFAULT 0 CHECK (discount_cents >= 0),
  paid_cents bigint NOT NULL CHECK (paid_cents >= 0),
  refunded_cents bigint NOT NULL DEFAULT 0 CHECK (refunded_cents >= 0 AND refunded_cents <= paid_cents),
  units integer NOT NULL CHECK (units > 0),
  coupon_codes text[] NOT NULL DEFAULT '{}',
  paid_at timestamptz NOT NULL,
  revision integer NOT NULL DEFAULT 1,
  payload_hash bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, channel, external_id),
  FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id),
  FOREIGN KEY (tenant_id, guide_id) REFERENCES staff (tenant_id, id),
  FOREIGN KEY (tenant_id, member_id) REFERENCES members (tenant_id, id)
);
-- The member timeline and merges (which move a member's orders) walk this index; unmerge finds
-- the orders to move back among the survivor's, so identity_id needs no index of its own.
CREATE INDEX orders_member ON orders (tenant_id, member_id, paid_at DESC) WHERE member_id IS NOT NULL;
CREATE INDEX orders_paid_at ON orders (tenant_id, paid_at DESC, id DESC);
-- Store staff see their store's orders.
CREATE INDEX orders_store ON orders (tenant_id, store_id, paid_at DESC) WHERE store_id IS NOT NULL;
SELECT siyu_protect('orders');

-- Lines and revisions reach their tenant through their order ((tenant_id, order_id) references
-- orders, which references tenants): no foreign key of their own to tenants, which would cost a
-- check per row on the ingest path for nothing.
CREATE TABLE order_lines (
  tenant_id bigint NOT NULL,
  order_id bigint NOT NULL,
  line_no integer NOT NULL CHECK (line_no > 0),
  sku text NOT NULL,
  product_id bigint,
  qty integer NOT NULL CHECK (qty > 0),
  unit_price_cents bigint NOT NULL CHECK (unit_price_cents >= 0),
  paid_cents bigint NOT NULL CHECK (paid_cents >= 0),
  refunded_qty integer NOT NULL DEFAULT 0 CHECK (refunded_qty >= 0 AND refunded_qty <= qty),
  refunded_cents bigint NOT NULL DEFAULT 0 CHECK (refunded_cents >= 0 AND refunded_cents <= paid_cents),
  PRIMARY KEY (tenant_id, order_id, line_no),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id),
  FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id)
);
SELECT siyu_protect('order_lines');

-- Every payload an order arrived with; a changed payload for the same id is a new revision.
CREATE TABLE order_revisions (
  tenant_id bigint NOT NULL,
  order_id bigint NOT NULL,
  revision integer NOT NULL,
  -- sha256 of the canonical payload: a payload seen in any earlier revision is a replay, not a change.
  payload_hash bytea NOT NULL,
  -- The canonical payload as text (json, not jsonb): written on every ingest, read only to show history.
  payload json NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, order_id, revision),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id)
);
SELECT siyu_protect('order_revisions');

-- Refunds, idempotent on (channel, external refund id). One that arrives before its order is
-- held (order_id null) and applied when the order arrives.
CREATE TABLE refunds (
  tenant_id bigint NOT NULL REFERENCES tenants,
  id bigint GENERATED ALWAYS AS IDENTITY,
  channel text NOT NULL,
  external_id text NOT NULL,
  external_order_id text NOT NULL,
  order_id bigint,
  status text NOT NULL CHECK (status IN ('held', 'applied', 'rejected')),
  -- A full refund (no amount, no lines) takes what is left when it is applied.
  full_refund boolean NOT NULL DEFAULT false,
  -- Null only for a full refund never applied (held, or rejected when its order came): its
  -- amount is known when it is applied.
  amount_cents bigint CHECK (amount_cents > 0),
  -- As requested: [{"lineNo": 1, "qty": 1, "amountCents": 100}] or [{"sku": …}]; [] for an amount or a full refund.
  lines jsonb NOT NULL DEFAULT '[]',
  -- sha256 of the canonical request: the same refund id with another payload is refused.
  payload_hash bytea NOT NULL,
  reason text,
  rejection text,
  refunded_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  applied_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, channel, external_id),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id),
  CHECK (amount_cents IS NOT NULL OR (full_refund AND status <> 'applied'))
);
CREATE INDEX refunds_held ON refunds (tenant_id, channel, external_order_id) WHERE status = 'held';
CREATE INDEX refunds_order ON refunds (tenant_id, order_id);
SELECT siyu_protect('refunds');

-- File imports (CSV), with progress and per-line errors for the console.
CREATE TABLE import_jobs (
  tenant_id bigint NOT NULL REFERENCES tenants,
  id bigint GENERATED ALWAYS AS IDENTITY,
  kind text NOT NULL CHECK (kind IN ('orders', 'products', 'members')),
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  file_name text NOT NULL,
  total_lines integer NOT NULL DEFAULT 0,
  processed integer NOT NULL DEFAULT 0,
  succeeded integer NOT NULL DEFAULT 0,
  failed integer NOT NULL DEFAULT 0,
  -- Counts are of data lines (CSV rows); errors hold the first 1,000 as {line, externalId, field, message}.
  errors jsonb NOT NULL DEFAULT '[]',
  -- Why the whole job failed (an unreadable file), as opposed to errors on lines.
  error text,
  -- The file, kept until the job is done so a retried job can start over.
  content text,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  PRIMARY KEY (tenant_id, id)
);
SELECT siyu_protect('import_jobs');
