-- Domain events, written in the same transaction as the change they describe.
CREATE TABLE outbox_events (
  tenant_id bigint NOT NULL REFERENCES tenants,
  id bigint GENERATED ALWAYS AS IDENTITY,
  event_type text NOT NULL,
  aggregate_type text NOT NULL,
  aggregate_id text NOT NULL,
  payload jsonb NOT NULL,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX outbox_events_unpublished ON outbox_events (id) WHERE published_at IS NULL;
SELECT siyu_protect('outbox_events');

-- Which consumer has handled which event: consumers run at least once, act exactly once.
CREATE TABLE outbox_consumptions (
  tenant_id bigint NOT NULL REFERENCES tenants,
  event_id bigint NOT NULL,
  consumer text NOT NULL,
  consumed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, event_id, consumer)
);
SELECT siyu_protect('outbox_consumptions');

CREATE TABLE webhooks (
  tenant_id bigint NOT NULL REFERENCES tenants,
  id bigint GENERATED ALWAYS AS IDENTITY,
  url text NOT NULL,
  events text[] NOT NULL,
  secret_enc text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  PRIMARY KEY (tenant_id, id)
);
SELECT siyu_protect('webhooks');

CREATE TABLE webhook_deliveries (
  tenant_id bigint NOT NULL REFERENCES tenants,
  id bigint GENERATED ALWAYS AS IDENTITY,
  webhook_id bigint NOT NULL,
  event_id bigint,
  event_type text NOT NULL,
  payload jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed', 'dead')),
  attempts integer NOT NULL DEFAULT 0,
  last_status_code integer,
  last_error text,
  next_attempt_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, webhook_id, event_id),
  FOREIGN KEY (tenant_id, webhook_id) REFERENCES webhooks (tenant_id, id)
);
CREATE INDEX webhook_deliveries_by_hook ON webhook_deliveries (tenant_id, webhook_id, id DESC);
SELECT siyu_protect('webhook_deliveries');
