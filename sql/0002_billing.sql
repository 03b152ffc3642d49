-- Billing: tariffs, the VAT setting, charges (one immutable row per rated leg),
-- adjustments (signed corrections) and the queue of closed legs waiting to be
-- rated. Money is INTEGER øre, instants INTEGER ms since the epoch (UTC).

-- Effective-dated rates. organisation_id NULL = the default for every account;
-- an account's own tariff in force takes precedence over the default.
-- A tariff row never changes: a new rate is a new row with a later date.
CREATE TABLE tariffs (
  id                  TEXT PRIMARY KEY,
  organisation_id     TEXT REFERENCES organisations(id),
  effective_from      INTEGER NOT NULL,
  rate_ore_per_minute INTEGER NOT NULL CHECK (rate_ore_per_minute >= 0),
  rounding            TEXT NOT NULL DEFAULT 'per-started-minute'
                      CHECK (rounding IN ('per-started-minute', 'per-second', 'per-rounded-minute')),
  currency            TEXT NOT NULL DEFAULT 'NOK' CHECK (currency = 'NOK'),
  created_at          INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX tariffs_one_per_account_and_date ON tariffs (coalesce(organisation_id, ''), effective_from);
--% postgres
-- What SQLite's RAISE(ABORT, message) does in a trigger, for every trigger that refuses a change:
-- the statement fails with the trigger's message and changes nothing.
CREATE FUNCTION kvorum_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING MESSAGE = TG_ARGV[0], ERRCODE = 'integrity_constraint_violation';
END
$$;
--% end
--% sqlite
CREATE TRIGGER tariffs_are_immutable BEFORE UPDATE ON tariffs
BEGIN
  SELECT RAISE(ABORT, 'tariffs are immutable: add a new tariff with a later effective date');
END;
--% postgres
CREATE TRIGGER tariffs_are_immutable BEFORE UPDATE ON tariffs FOR EACH ROW
EXECUTE FUNCTION kvorum_refuse('tariffs are immutable: add a new tariff with a later effective date');
--% end

-- The reference tariff: 2.55 NOK per started minute, excl. VAT, from the beginning of time.
INSERT INTO tariffs (id, organisation_id, effective_from, rate_ore_per_minute, rounding, currency, created_at)
VALUES ('tariff-reference', NULL, 0, 255, 'per-started-minute', 'NOK', 0);

-- One row of settings. VAT in basis points (2500 = 25 %).
CREATE TABLE billing_settings (
  id                    INTEGER PRIMARY KEY CHECK (id = 1),
  vat_rate_basis_points INTEGER NOT NULL CHECK (vat_rate_basis_points BETWEEN 0 AND 10000),
  updated_at            INTEGER NOT NULL
) STRICT;
INSERT INTO billing_settings (id, vat_rate_basis_points, updated_at) VALUES (1, 2500, 0);

-- One row per rated leg: a self-contained invoice line, a snapshot of the leg
-- and of the tariff when it was rated, so nothing later can change it.
-- The primary key is the report's access path: account, period (the meeting's
-- start places its legs in a period), meeting. A monthly report is one
-- contiguous range scan, already grouped by meeting.
CREATE TABLE charges (
  organisation_id     TEXT NOT NULL REFERENCES organisations(id),
  meeting_started_at  INTEGER NOT NULL,
  meeting_id          TEXT NOT NULL REFERENCES meetings(id),
  -- When the leg entered the open meeting: picks its tariff.
  billable_from       INTEGER NOT NULL,
  leg_id              TEXT NOT NULL UNIQUE REFERENCES legs(id),
  billable_until      INTEGER NOT NULL CHECK (billable_until >= billable_from),
  real_seconds        INTEGER NOT NULL CHECK (real_seconds >= 0),
  charged_seconds     INTEGER NOT NULL CHECK (charged_seconds >= 0),
  amount_ore          INTEGER NOT NULL CHECK (amount_ore >= 0),
  tariff_id           TEXT NOT NULL REFERENCES tariffs(id),
  rate_ore_per_minute INTEGER NOT NULL,
  rounding            TEXT NOT NULL,
  role                TEXT NOT NULL,
  caller_number       TEXT,
  dialled_number      TEXT NOT NULL,
  estimated           INTEGER NOT NULL CHECK (estimated IN (0, 1)),
  rated_at            INTEGER NOT NULL,
  PRIMARY KEY (organisation_id, meeting_started_at, meeting_id, billable_from, leg_id)
) STRICT, WITHOUT ROWID;
-- Narrow covering index for the per-meeting totals of a period: no sort needed.
CREATE INDEX charges_meeting_totals
  ON charges (organisation_id, meeting_started_at, meeting_id, charged_seconds, amount_ore, real_seconds);
--% sqlite
CREATE TRIGGER charges_are_immutable BEFORE UPDATE ON charges
BEGIN
  SELECT RAISE(ABORT, 'charges are immutable: correct with an adjustment');
END;
CREATE TRIGGER charges_are_never_deleted BEFORE DELETE ON charges
BEGIN
  SELECT RAISE(ABORT, 'charges are immutable: correct with an adjustment');
END;
--% postgres
CREATE TRIGGER charges_are_immutable BEFORE UPDATE ON charges FOR EACH ROW
EXECUTE FUNCTION kvorum_refuse('charges are immutable: correct with an adjustment');
CREATE TRIGGER charges_are_never_deleted BEFORE DELETE ON charges FOR EACH ROW
EXECUTE FUNCTION kvorum_refuse('charges are immutable: correct with an adjustment');
--% end

-- Signed corrections (credit < 0, debit > 0). An adjustment belongs to the
-- period containing effective_at (by default the instant it was recorded).
CREATE TABLE adjustments (
  id              TEXT PRIMARY KEY,
  organisation_id TEXT NOT NULL REFERENCES organisations(id),
  meeting_id      TEXT REFERENCES meetings(id),
  leg_id          TEXT REFERENCES legs(id),
  amount_ore      INTEGER NOT NULL CHECK (amount_ore <> 0),
  reason          TEXT NOT NULL CHECK (length(trim(reason)) > 0),
  created_by      TEXT NOT NULL CHECK (length(trim(created_by)) > 0),
  effective_at    INTEGER NOT NULL,
  created_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX adjustments_by_account_period ON adjustments (organisation_id, effective_at);
--% sqlite
CREATE TRIGGER adjustments_are_immutable BEFORE UPDATE ON adjustments
BEGIN
  SELECT RAISE(ABORT, 'adjustments are immutable: add another adjustment');
END;
CREATE TRIGGER adjustments_are_never_deleted BEFORE DELETE ON adjustments
BEGIN
  SELECT RAISE(ABORT, 'adjustments are immutable: add another adjustment');
END;
--% postgres
CREATE TRIGGER adjustments_are_immutable BEFORE UPDATE ON adjustments FOR EACH ROW
EXECUTE FUNCTION kvorum_refuse('adjustments are immutable: add another adjustment');
CREATE TRIGGER adjustments_are_never_deleted BEFORE DELETE ON adjustments FOR EACH ROW
EXECUTE FUNCTION kvorum_refuse('adjustments are immutable: add another adjustment');
--% end

-- Closed billable legs not rated yet. Filled by triggers on legs, so rating
-- costs in proportion to the legs closed since the last run, not to the
-- size of the ledger; the bridge can rate after every closed leg.
CREATE TABLE rating_queue (
  leg_id TEXT PRIMARY KEY
) STRICT, WITHOUT ROWID;
--% sqlite
CREATE TRIGGER legs_queue_rating_on_insert AFTER INSERT ON legs
WHEN NEW.left_at IS NOT NULL AND NEW.entered_at IS NOT NULL AND NEW.meeting_id IS NOT NULL
BEGIN
  INSERT OR IGNORE INTO rating_queue (leg_id) VALUES (NEW.id);
END;
CREATE TRIGGER legs_queue_rating_on_close AFTER UPDATE OF left_at, entered_at, meeting_id ON legs
WHEN NEW.left_at IS NOT NULL AND NEW.entered_at IS NOT NULL AND NEW.meeting_id IS NOT NULL
BEGIN
  INSERT OR IGNORE INTO rating_queue (leg_id) VALUES (NEW.id);
END;
--% postgres
CREATE FUNCTION queue_leg_for_rating() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO rating_queue (leg_id) VALUES (NEW.id) ON CONFLICT (leg_id) DO NOTHING;
  RETURN NULL;
END
$$;
CREATE TRIGGER legs_queue_rating_on_insert AFTER INSERT ON legs FOR EACH ROW
WHEN (NEW.left_at IS NOT NULL AND NEW.entered_at IS NOT NULL AND NEW.meeting_id IS NOT NULL)
EXECUTE FUNCTION queue_leg_for_rating();
CREATE TRIGGER legs_queue_rating_on_close AFTER UPDATE OF left_at, entered_at, meeting_id ON legs FOR EACH ROW
WHEN (NEW.left_at IS NOT NULL AND NEW.entered_at IS NOT NULL AND NEW.meeting_id IS NOT NULL)
EXECUTE FUNCTION queue_leg_for_rating();
--% end
-- Legs closed before billing existed.
INSERT INTO rating_queue (leg_id)
SELECT id FROM legs WHERE left_at IS NOT NULL AND entered_at IS NOT NULL AND meeting_id IS NOT NULL;
