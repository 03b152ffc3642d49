-- Scheduled meetings (bookings) on a room, their invitees and one-off codes,
-- and the durable outbox of the e-mails they cause. Instants are INTEGER ms
-- since the epoch (UTC); wall-clock times are TEXT 'YYYY-MM-DDTHH:MM' in the
-- booking's time zone, because a weekly 09:00 stays 09:00 across DST.

-- The room's time zone: bookings on it are given and shown in it.
ALTER TABLE conferences ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Europe/Oslo';

CREATE TABLE bookings (
  id                    TEXT PRIMARY KEY,
  conference_id         TEXT NOT NULL REFERENCES conferences(id),
  organisation_id       TEXT NOT NULL REFERENCES organisations(id),
  host_user_id          TEXT NOT NULL REFERENCES users(id),
  title                 TEXT NOT NULL,
  -- Copied from the room when booked, so a later change of the room's zone moves no meeting.
  time_zone             TEXT NOT NULL,
  -- The first occurrence's start, wall clock in time_zone.
  starts_local          TEXT NOT NULL,
  duration_minutes      INTEGER NOT NULL CHECK (duration_minutes > 0),
  -- The recurrence as JSON (domain/booking/recurrence.ts), null for a single meeting.
  recurrence            TEXT,
  -- The first occurrence's start and the last one's end, for range queries.
  first_starts_at       INTEGER NOT NULL,
  last_ends_at          INTEGER NOT NULL CHECK (last_ends_at > first_starts_at),
  early_entry_minutes   INTEGER NOT NULL CHECK (early_entry_minutes >= 0),
  grace_minutes         INTEGER NOT NULL CHECK (grace_minutes >= 0),
  reminder_minutes      INTEGER CHECK (reminder_minutes > 0),
  -- iCalendar SEQUENCE: raised by every change the invitees are told about.
  sequence              INTEGER NOT NULL DEFAULT 0,
  status                TEXT NOT NULL CHECK (status IN ('scheduled', 'cancelled')),
  -- The booking's codes sealed (AES-256-GCM, key derived from the code secret) so that a
  -- change or a reminder can carry them; wiped on cancellation. Lookups use booking_codes' hashes.
  sealed_codes          TEXT,
  created_by_user_id    TEXT NOT NULL,
  created_at            INTEGER NOT NULL,
  updated_at            INTEGER NOT NULL,
  cancelled_at          INTEGER
) STRICT;
CREATE INDEX bookings_by_room ON bookings (conference_id, last_ends_at) WHERE status = 'scheduled';
CREATE INDEX bookings_by_org ON bookings (organisation_id, last_ends_at) WHERE status = 'scheduled';
CREATE INDEX bookings_by_host ON bookings (host_user_id, last_ends_at) WHERE status = 'scheduled';

CREATE TABLE booking_cancelled_occurrences (
  booking_id  TEXT NOT NULL REFERENCES bookings(id),
  -- The occurrence's start as the recurrence gives it (its RECURRENCE-ID).
  starts_at   INTEGER NOT NULL,
  PRIMARY KEY (booking_id, starts_at)
) STRICT, WITHOUT ROWID;

CREATE TABLE booking_invitees (
  booking_id  TEXT NOT NULL REFERENCES bookings(id),
  position    INTEGER NOT NULL,
  email       TEXT NOT NULL,
  name        TEXT NOT NULL,
  language    TEXT NOT NULL CHECK (language IN ('nb', 'en')),
  time_zone   TEXT NOT NULL,
  PRIMARY KEY (booking_id, position),
  UNIQUE (booking_id, email)
) STRICT;
CREATE INDEX booking_invitees_by_email ON booking_invitees (email);

-- A booking's one-off codes as keyed hashes (like conference_codes); a code
-- is unique across conference and booking codes (both repositories check).
CREATE TABLE booking_codes (
  code_hash   TEXT PRIMARY KEY,
  booking_id  TEXT NOT NULL REFERENCES bookings(id),
  role        TEXT NOT NULL CHECK (role IN ('leader', 'participant')),
  UNIQUE (booking_id, role)
) STRICT;

-- One e-mail to send. Written in the same transaction as the change that causes it;
-- the worker sends it, retrying with backoff. The payload (what the e-mail says,
-- codes included) is sealed like the codes and wiped once the message is settled.
CREATE TABLE mail_outbox (
  id              TEXT PRIMARY KEY,
  booking_id      TEXT NOT NULL REFERENCES bookings(id),
  -- invitation, update, cancellation, reminder
  kind            TEXT NOT NULL,
  -- host or invitee
  audience        TEXT NOT NULL CHECK (audience IN ('host', 'invitee')),
  recipient       TEXT NOT NULL,
  sequence        INTEGER NOT NULL,
  -- Set for messages that must be made once only (a reminder per occurrence).
  dedupe_key      TEXT UNIQUE,
  sealed_payload  TEXT,
  status          TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error      TEXT,
  created_at      INTEGER NOT NULL,
  settled_at      INTEGER
) STRICT;
--% postgres
-- The outbox is read in order of insertion after its time columns (ORDER BY …, rowid): PostgreSQL
-- has no rowid, so the column is made for it, numbered as rows are inserted.
ALTER TABLE mail_outbox ADD COLUMN rowid BIGINT GENERATED ALWAYS AS IDENTITY;
--% end
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE status = 'queued';
CREATE INDEX mail_outbox_by_booking ON mail_outbox (booking_id, created_at);

CREATE TABLE mail_attempts (
  message_id   TEXT NOT NULL REFERENCES mail_outbox(id),
  attempt      INTEGER NOT NULL,
  at           INTEGER NOT NULL,
  outcome      TEXT NOT NULL CHECK (outcome IN ('sent', 'failed')),
  error        TEXT,
  PRIMARY KEY (message_id, attempt)
) STRICT, WITHOUT ROWID;
