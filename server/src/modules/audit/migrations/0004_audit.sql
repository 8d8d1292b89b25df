CREATE TABLE audit_log (
  tenant_id bigint NOT NULL REFERENCES tenants,
  id bigint GENERATED ALWAYS AS IDENTITY,
  at timestamptz NOT NULL DEFAULT now(),
  actor_type text NOT NULL CHECK (actor_type IN ('staff', 'api_key', 'system')),
  actor_id bigint,
  actor_name text NOT NULL,
  action text NOT NULL,
  entity_type text NOT NULL,
  entity_id text,
  before jsonb,
  after jsonb,
  ip text,
  user_agent text,
  request_id text,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX audit_log_entity ON audit_log (tenant_id, entity_type, entity_id);
CREATE INDEX audit_log_at ON audit_log (tenant_id, at DESC);
SELECT siyu_protect('audit_log');
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION siyu_reject_change();
