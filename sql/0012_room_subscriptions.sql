-- Rooms as Norsk Helsenett sells them (issue 11): NHN's room types replace
-- the old size classes, room prices are effective-dated like VAT rates, and
-- every room has a subscription whose history is kept, so the room fees of
-- any past month can be computed again (src/domain/billing/room-fee.ts).

-- 1. The room types. A capacity now counts everyone in the room, the host
-- included (it used to count the callers besides the leader); the numbers
-- stay those of the size each old class was sold as, so each existing room
-- keeps its size, its muting and open admission:
--   small (5)         -> personal (5)
--   medium (10)       -> small-administrative (10)
--   large (50)        -> large-administrative (50)
--   auditorium (150)  -> large-auditorium (150, participants join muted)
--   unlimited         -> unlimited
-- (A room with one host admits one participant fewer than before; none
-- becomes sensitive, which would make its callers wait for admission.)
-- A licence plan's max_participants (0006) counts everyone the same way now.
-- SQLite cannot change a CHECK: the column is replaced by one with the new
-- list (room_type's CHECK is its own, so it may be dropped).
ALTER TABLE conferences ADD COLUMN nhn_room_type TEXT NOT NULL DEFAULT 'unlimited'
  CHECK (nhn_room_type IN ('sensitive', 'personal', 'small-administrative', 'large-administrative',
                           'small-auditorium', 'large-auditorium', 'unlimited'));
UPDATE conferences SET nhn_room_type = CASE room_type
  WHEN 'small' THEN 'personal'
  WHEN 'medium' THEN 'small-administrative'
  WHEN 'large' THEN 'large-administrative'
  WHEN 'auditorium' THEN 'large-auditorium'
  ELSE 'unlimited'
END;
ALTER TABLE conferences DROP COLUMN room_type;
ALTER TABLE conferences RENAME COLUMN nhn_room_type TO room_type;

-- 2. Room prices: a monthly price excl. VAT per room type in øre, each in
-- force from an instant (the start of a local day) until the next of its
-- type; never changed, never deleted, never in the past (like vat_rates).
-- The unlimited room has none: it is charged per minute only.
CREATE TABLE room_prices (
  id                   TEXT PRIMARY KEY,
  room_type            TEXT NOT NULL
                       CHECK (room_type IN ('sensitive', 'personal', 'small-administrative', 'large-administrative',
                                            'small-auditorium', 'large-auditorium')),
  effective_from       INTEGER NOT NULL,
  price_ore_per_month  INTEGER NOT NULL CHECK (price_ore_per_month >= 0),
  created_at           INTEGER NOT NULL,
  UNIQUE (room_type, effective_from)
) STRICT;
--% sqlite
CREATE TRIGGER room_prices_are_immutable BEFORE UPDATE ON room_prices
BEGIN
  SELECT RAISE(ABORT, 'room prices are immutable: add a new price with a later effective date');
END;
CREATE TRIGGER room_prices_are_never_deleted BEFORE DELETE ON room_prices
BEGIN
  SELECT RAISE(ABORT, 'room prices are immutable: add a new price with a later effective date');
END;
--% postgres
CREATE TRIGGER room_prices_are_immutable BEFORE UPDATE ON room_prices FOR EACH ROW
EXECUTE FUNCTION kvorum_refuse('room prices are immutable: add a new price with a later effective date');
CREATE TRIGGER room_prices_are_never_deleted BEFORE DELETE ON room_prices FOR EACH ROW
EXECUTE FUNCTION kvorum_refuse('room prices are immutable: add a new price with a later effective date');
--% end
-- NHN's price list, in force from the beginning of time.
INSERT INTO room_prices (id, room_type, effective_from, price_ore_per_month, created_at) VALUES
  ('room-price-nhn-sensitive', 'sensitive', 0, 5000, 0),
  ('room-price-nhn-personal', 'personal', 0, 7000, 0),
  ('room-price-nhn-small-administrative', 'small-administrative', 0, 10000, 0),
  ('room-price-nhn-large-administrative', 'large-administrative', 0, 20000, 0),
  ('room-price-nhn-small-auditorium', 'small-auditorium', 0, 35000, 0),
  ('room-price-nhn-large-auditorium', 'large-auditorium', 0, 50000, 0);

-- 3. Room subscriptions: one per room, from its creation to its deletion,
-- charged to its organisation. binding_months is the binding period from the
-- day it started (12 for a room created from now on, NHN's binding rule).
CREATE TABLE room_subscriptions (
  conference_id        TEXT PRIMARY KEY REFERENCES conferences(id),
  organisation_id      TEXT NOT NULL REFERENCES organisations(id),
  started_at           INTEGER NOT NULL,
  binding_months       INTEGER NOT NULL CHECK (binding_months >= 0),
  ended_at             INTEGER,
  ended_by             TEXT,
  -- Why an operator deleted the room inside its binding (null when no binding held it).
  end_override_reason  TEXT,
  CHECK (ended_at IS NULL OR ended_at >= started_at),
  CHECK ((ended_at IS NULL) = (ended_by IS NULL))
) STRICT;
CREATE INDEX room_subscriptions_by_org ON room_subscriptions (organisation_id, started_at);
-- The end is written once; nothing else of a subscription ever changes.
--% sqlite
CREATE TRIGGER room_subscriptions_end_once BEFORE UPDATE ON room_subscriptions
WHEN OLD.ended_at IS NOT NULL OR NEW.conference_id IS NOT OLD.conference_id OR NEW.organisation_id IS NOT OLD.organisation_id
  OR NEW.started_at IS NOT OLD.started_at OR NEW.binding_months IS NOT OLD.binding_months
BEGIN
  SELECT RAISE(ABORT, 'a room subscription keeps its history: only its end is written, once');
END;
CREATE TRIGGER room_subscriptions_are_never_deleted BEFORE DELETE ON room_subscriptions
BEGIN
  SELECT RAISE(ABORT, 'a room subscription keeps its history: only its end is written, once');
END;
--% postgres
CREATE TRIGGER room_subscriptions_end_once BEFORE UPDATE ON room_subscriptions FOR EACH ROW
WHEN (OLD.ended_at IS NOT NULL OR NEW.conference_id IS DISTINCT FROM OLD.conference_id
  OR NEW.organisation_id IS DISTINCT FROM OLD.organisation_id
  OR NEW.started_at IS DISTINCT FROM OLD.started_at OR NEW.binding_months IS DISTINCT FROM OLD.binding_months)
EXECUTE FUNCTION kvorum_refuse('a room subscription keeps its history: only its end is written, once');
CREATE TRIGGER room_subscriptions_are_never_deleted BEFORE DELETE ON room_subscriptions FOR EACH ROW
EXECUTE FUNCTION kvorum_refuse('a room subscription keeps its history: only its end is written, once');
--% end

-- The room's type from an instant on, one row per change, the first when it
-- was created; in order of changed_at, then of insertion. override_reason is
-- why an operator made a downgrade inside the binding.
CREATE TABLE room_type_changes (
  id               TEXT PRIMARY KEY,
  conference_id    TEXT NOT NULL REFERENCES room_subscriptions(conference_id),
  room_type        TEXT NOT NULL
                   CHECK (room_type IN ('sensitive', 'personal', 'small-administrative', 'large-administrative',
                                        'small-auditorium', 'large-auditorium', 'unlimited')),
  changed_at       INTEGER NOT NULL,
  changed_by       TEXT NOT NULL,
  override_reason  TEXT
) STRICT;
--% postgres
-- In order of insertion after changed_at (ORDER BY changed_at, rowid): PostgreSQL has no rowid,
-- so the column is made for it, numbered as rows are inserted.
ALTER TABLE room_type_changes ADD COLUMN rowid BIGINT GENERATED ALWAYS AS IDENTITY;
--% end
CREATE INDEX room_type_changes_by_room ON room_type_changes (conference_id, changed_at);
--% sqlite
CREATE TRIGGER room_type_changes_are_immutable BEFORE UPDATE ON room_type_changes
BEGIN
  SELECT RAISE(ABORT, 'a room subscription keeps its history: add a change, never edit one');
END;
CREATE TRIGGER room_type_changes_are_never_deleted BEFORE DELETE ON room_type_changes
BEGIN
  SELECT RAISE(ABORT, 'a room subscription keeps its history: add a change, never edit one');
END;
--% postgres
CREATE TRIGGER room_type_changes_are_immutable BEFORE UPDATE ON room_type_changes FOR EACH ROW
EXECUTE FUNCTION kvorum_refuse('a room subscription keeps its history: add a change, never edit one');
CREATE TRIGGER room_type_changes_are_never_deleted BEFORE DELETE ON room_type_changes FOR EACH ROW
EXECUTE FUNCTION kvorum_refuse('a room subscription keeps its history: add a change, never edit one');
--% end

-- Every existing room is subscribed from the moment this migration runs (no
-- fee for the months before there were prices), without a binding: like
-- NHN's rooms from before 1 January 2021, they were not sold with one.
INSERT INTO room_subscriptions (conference_id, organisation_id, started_at, binding_months)
--% sqlite
SELECT id, organisation_id, CAST(unixepoch('subsec') * 1000 AS INTEGER), 0 FROM conferences WHERE deleted_at IS NULL;
--% postgres
SELECT id, organisation_id, CAST(floor(extract(epoch FROM now()) * 1000) AS BIGINT), 0 FROM conferences WHERE deleted_at IS NULL;
--% end
INSERT INTO room_type_changes (id, conference_id, room_type, changed_at, changed_by)
SELECT 'rtc-migrated-' || c.id, c.id, c.room_type, s.started_at, 'migration'
FROM conferences c JOIN room_subscriptions s ON s.conference_id = c.id;
