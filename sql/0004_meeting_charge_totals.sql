-- Per-meeting totals of the charges, kept by triggers as each leg is rated,
-- so the monthly report's meeting lines are one range scan of one row per
-- meeting, with nothing to look up per meeting but its conference's name,
-- instead of an aggregation over every leg of the month.
-- Same key as charges: (account, meeting start, meeting), so a period is one
-- contiguous range already in report order.
-- The leg lines still come from charges; the report checks that they add up
-- to these totals, so the two are reconciled on every report with legs.
CREATE TABLE meeting_charge_totals (
  organisation_id    TEXT NOT NULL REFERENCES organisations(id),
  meeting_started_at INTEGER NOT NULL,
  meeting_id         TEXT NOT NULL REFERENCES meetings(id),
  -- Copied from the meeting: its conference never changes, and its end is
  -- kept in step by the trigger on meetings below.
  conference_id      TEXT NOT NULL REFERENCES conferences(id),
  meeting_ended_at   INTEGER,
  participants       INTEGER NOT NULL CHECK (participants > 0),
  real_seconds       INTEGER NOT NULL CHECK (real_seconds >= 0),
  charged_seconds    INTEGER NOT NULL CHECK (charged_seconds >= 0),
  amount_ore         INTEGER NOT NULL CHECK (amount_ore >= 0),
  PRIMARY KEY (organisation_id, meeting_started_at, meeting_id)
) STRICT, WITHOUT ROWID;

-- Charges are only ever inserted (never updated or deleted), so adding on insert keeps the totals exact.
--% sqlite
CREATE TRIGGER charges_add_to_meeting_totals AFTER INSERT ON charges
BEGIN
  INSERT INTO meeting_charge_totals
    (organisation_id, meeting_started_at, meeting_id, conference_id, meeting_ended_at,
     participants, real_seconds, charged_seconds, amount_ore)
  SELECT NEW.organisation_id, NEW.meeting_started_at, NEW.meeting_id, m.conference_id, m.ended_at,
         1, NEW.real_seconds, NEW.charged_seconds, NEW.amount_ore
  FROM meetings m WHERE m.id = NEW.meeting_id
  ON CONFLICT (organisation_id, meeting_started_at, meeting_id) DO UPDATE SET
    participants    = participants + 1,
    real_seconds    = real_seconds + excluded.real_seconds,
    charged_seconds = charged_seconds + excluded.charged_seconds,
    amount_ore      = amount_ore + excluded.amount_ore;
END;
--% postgres
CREATE FUNCTION add_charge_to_meeting_totals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO meeting_charge_totals AS t
    (organisation_id, meeting_started_at, meeting_id, conference_id, meeting_ended_at,
     participants, real_seconds, charged_seconds, amount_ore)
  SELECT NEW.organisation_id, NEW.meeting_started_at, NEW.meeting_id, m.conference_id, m.ended_at,
         1, NEW.real_seconds, NEW.charged_seconds, NEW.amount_ore
  FROM meetings m WHERE m.id = NEW.meeting_id
  ON CONFLICT (organisation_id, meeting_started_at, meeting_id) DO UPDATE SET
    participants    = t.participants + 1,
    real_seconds    = t.real_seconds + excluded.real_seconds,
    charged_seconds = t.charged_seconds + excluded.charged_seconds,
    amount_ore      = t.amount_ore + excluded.amount_ore;
  RETURN NULL;
END
$$;
CREATE TRIGGER charges_add_to_meeting_totals AFTER INSERT ON charges FOR EACH ROW
EXECUTE FUNCTION add_charge_to_meeting_totals();
--% end

-- A meeting whose legs were rated while it ran ends later (or is ended again by a resync).
--% sqlite
CREATE TRIGGER meetings_end_in_charge_totals AFTER UPDATE OF ended_at ON meetings
BEGIN
  UPDATE meeting_charge_totals SET meeting_ended_at = NEW.ended_at
  WHERE organisation_id = NEW.organisation_id AND meeting_started_at = NEW.started_at AND meeting_id = NEW.id;
END;
--% postgres
CREATE FUNCTION end_meeting_in_charge_totals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE meeting_charge_totals SET meeting_ended_at = NEW.ended_at
  WHERE organisation_id = NEW.organisation_id AND meeting_started_at = NEW.started_at AND meeting_id = NEW.id;
  RETURN NULL;
END
$$;
CREATE TRIGGER meetings_end_in_charge_totals AFTER UPDATE OF ended_at ON meetings FOR EACH ROW
EXECUTE FUNCTION end_meeting_in_charge_totals();
--% end

-- Charges rated before this migration.
INSERT INTO meeting_charge_totals
  (organisation_id, meeting_started_at, meeting_id, conference_id, meeting_ended_at,
   participants, real_seconds, charged_seconds, amount_ore)
SELECT c.organisation_id, c.meeting_started_at, c.meeting_id, m.conference_id, m.ended_at,
       count(*), sum(c.real_seconds), sum(c.charged_seconds), sum(c.amount_ore)
FROM charges c
JOIN meetings m ON m.id = c.meeting_id
--% sqlite
GROUP BY c.organisation_id, c.meeting_started_at, c.meeting_id;
--% postgres
GROUP BY c.organisation_id, c.meeting_started_at, c.meeting_id, m.conference_id, m.ended_at;
--% end

-- Its job is done by the table above; dropping it makes rating cheaper.
DROP INDEX charges_meeting_totals;
