-- Audit rows are written unsealed, in the write's own batch, and sealed into the tenant's hash chain
-- shortly after by the tenant's sealer (src/lib/audit/seal.ts): a write no longer reads the chain's head
-- first, and writers of one tenant no longer contend for it. seq, prev_hash and hash are NULL until then.
-- SQLite cannot relax NOT NULL in place, so the table is rebuilt with its rows, ids and indexes.
CREATE TABLE audit_trail_next (
  id INTEGER PRIMARY KEY,
  tenant TEXT NOT NULL,
  customer_id INTEGER,
  seq INTEGER,
  date_created TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT,
  before_json TEXT,
  after_json TEXT,
  request_id TEXT,
  reason TEXT,
  prev_hash TEXT,
  hash TEXT,
  UNIQUE (tenant, seq),
  CHECK ((seq IS NULL AND prev_hash IS NULL AND hash IS NULL) OR (seq IS NOT NULL AND prev_hash IS NOT NULL AND hash IS NOT NULL))
);
INSERT INTO audit_trail_next (id, tenant, customer_id, seq, date_created, actor, action, entity, entity_id, before_json, after_json, request_id, reason, prev_hash, hash)
  SELECT id, tenant, customer_id, seq, date_created, actor, action, entity, entity_id, before_json, after_json, request_id, reason, prev_hash, hash FROM audit_trail;
DROP TABLE audit_trail;
ALTER TABLE audit_trail_next RENAME TO audit_trail;
CREATE INDEX audit_trail_customer ON audit_trail(customer_id, id);
CREATE INDEX audit_trail_customer_created ON audit_trail(customer_id, date_created, id);
-- The sealer's queue: a tenant's unsealed rows in write order, and the tenants that have any.
CREATE INDEX audit_trail_unsealed ON audit_trail(tenant, id) WHERE seq IS NULL;

-- Append-only, except for the one change sealing makes: an unsealed row gets its seq, prev_hash and
-- hash once, and nothing else of it changes.
CREATE TRIGGER audit_trail_no_update BEFORE UPDATE ON audit_trail
WHEN OLD.seq IS NOT NULL OR NEW.seq IS NULL
  OR NEW.id IS NOT OLD.id OR NEW.tenant IS NOT OLD.tenant OR NEW.customer_id IS NOT OLD.customer_id
  OR NEW.date_created IS NOT OLD.date_created OR NEW.actor IS NOT OLD.actor OR NEW.action IS NOT OLD.action
  OR NEW.entity IS NOT OLD.entity OR NEW.entity_id IS NOT OLD.entity_id OR NEW.before_json IS NOT OLD.before_json
  OR NEW.after_json IS NOT OLD.after_json OR NEW.request_id IS NOT OLD.request_id OR NEW.reason IS NOT OLD.reason
BEGIN SELECT RAISE(ABORT, 'audit_trail is append-only: a row may only be sealed, once'); END;
CREATE TRIGGER audit_trail_no_delete BEFORE DELETE ON audit_trail
BEGIN SELECT RAISE(ABORT, 'audit_trail is append-only'); END;
