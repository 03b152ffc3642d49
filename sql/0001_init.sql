-- Kvorum core schema: organisations (the billing accounts), users, conferences
-- with their codes, meetings and legs. Instants are INTEGER ms since the epoch
-- (UTC); money is INTEGER øre. Codes are stored only as keyed hashes.

CREATE TABLE organisations (
  id                TEXT PRIMARY KEY,
  name              TEXT NOT NULL,
  -- Organisation number or phone number printed on every charge report.
  billing_reference TEXT NOT NULL,
  created_at        INTEGER NOT NULL
) STRICT;

CREATE TABLE users (
  id              TEXT PRIMARY KEY,
  organisation_id TEXT NOT NULL REFERENCES organisations(id),
  name            TEXT NOT NULL,
  email           TEXT,
  created_at      INTEGER NOT NULL
) STRICT;

CREATE TABLE conferences (
  id                   TEXT PRIMARY KEY,
  organisation_id      TEXT NOT NULL REFERENCES organisations(id),
  owner_user_id        TEXT REFERENCES users(id),
  name                 TEXT NOT NULL,
  room_type            TEXT NOT NULL DEFAULT 'unlimited'
                       CHECK (room_type IN ('small', 'medium', 'large', 'auditorium', 'unlimited')),
  language             TEXT NOT NULL DEFAULT 'en',
  join_leave_tones     INTEGER NOT NULL DEFAULT 1 CHECK (join_leave_tones IN (0, 1)),
  end_on_leader_hangup INTEGER NOT NULL CHECK (end_on_leader_hangup IN (0, 1)),
  max_duration_minutes INTEGER CHECK (max_duration_minutes > 0),
  -- Optional validity window for one-off meetings; outside it the codes are unknown.
  valid_from           INTEGER,
  valid_until          INTEGER,
  -- 'pair': a leader code and a participant code; 'single': one code for everyone.
  -- Kept on the conference because its code rows disappear when it is deleted.
  code_kind            TEXT NOT NULL CHECK (code_kind IN ('pair', 'single')),
  created_at           INTEGER NOT NULL,
  updated_at           INTEGER NOT NULL,
  -- Soft delete: meetings and legs keep pointing at the row.
  deleted_at           INTEGER,
  CHECK (valid_from IS NULL OR valid_until IS NULL OR valid_from < valid_until)
) STRICT;
CREATE INDEX conferences_by_org ON conferences (organisation_id) WHERE deleted_at IS NULL;

-- One row per active code. The primary key makes codes unique across all
-- active conferences; deleting or resetting a code deletes its row.
CREATE TABLE conference_codes (
  code_hash     TEXT PRIMARY KEY,            -- hex HMAC-SHA256(server secret, digits)
  conference_id TEXT NOT NULL REFERENCES conferences(id),
  role          TEXT NOT NULL CHECK (role IN ('leader', 'participant', 'single')),
  created_at    INTEGER NOT NULL,
  UNIQUE (conference_id, role)
) STRICT;

CREATE TABLE meetings (
  id              TEXT PRIMARY KEY,
  conference_id   TEXT NOT NULL REFERENCES conferences(id),
  -- The account charged, frozen when the meeting starts.
  organisation_id TEXT NOT NULL REFERENCES organisations(id),
  started_at      INTEGER NOT NULL,
  ended_at        INTEGER,
  end_reason      TEXT
) STRICT;
CREATE INDEX meetings_by_org_start ON meetings (organisation_id, started_at);

CREATE TABLE legs (
  id             TEXT PRIMARY KEY,
  channel_id     TEXT NOT NULL,
  conference_id  TEXT NOT NULL REFERENCES conferences(id),
  meeting_id     TEXT REFERENCES meetings(id),
  role           TEXT NOT NULL CHECK (role IN ('leader', 'participant')),
  caller_number  TEXT,
  dialled_number TEXT NOT NULL,
  called_at      INTEGER NOT NULL,
  -- When the leg entered the open meeting: billable time starts here.
  entered_at     INTEGER,
  left_at        INTEGER,
  end_reason     TEXT,
  -- Last instant the leg was known alive (crash safety).
  checkpoint_at  INTEGER,
  -- 1 when left_at was taken from the last checkpoint after a crash.
  estimated      INTEGER NOT NULL DEFAULT 0 CHECK (estimated IN (0, 1))
) STRICT;
CREATE INDEX legs_by_meeting ON legs (meeting_id);
CREATE INDEX legs_by_conference ON legs (conference_id, called_at);
CREATE INDEX legs_open ON legs (left_at) WHERE left_at IS NULL;
