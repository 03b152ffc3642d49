-- The schema of a SQLite database migrated by sql/0001 to sql/0017 as they
-- were released, before the files were shared with PostgreSQL: what
-- `SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name` gives.
-- test/integration/migration-dialects.test.ts checks that those files still
-- make exactly this for SQLite. Never edit it: change the schema in a new migration.

-- table access_numbers on access_numbers
CREATE TABLE access_numbers (
  -- As the dialplan hands it to Kvorum (the Stasis argument, the legs' dialled_number): 22222222.
  number               TEXT PRIMARY KEY
                       CHECK (length(number) BETWEEN 3 AND 16 AND ltrim(number, '+') NOT GLOB '*[^0-9]*'),
  -- The same number as people dial it from anywhere.
  international_number TEXT NOT NULL
                       CHECK (international_number GLOB '+[0-9]*' AND substr(international_number, 2) NOT GLOB '*[^0-9]*'),
  label                TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 100),
  -- A language Kvorum speaks (src/domain/prompts/languages.ts).
  default_language     TEXT NOT NULL CHECK (default_language IN ('en', 'nb')),
  created_at           INTEGER NOT NULL,
  updated_at           INTEGER NOT NULL
) STRICT;

-- table adjustments on adjustments
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

-- trigger adjustments_are_immutable on adjustments
CREATE TRIGGER adjustments_are_immutable BEFORE UPDATE ON adjustments
BEGIN
  SELECT RAISE(ABORT, 'adjustments are immutable: add another adjustment');
END;

-- trigger adjustments_are_never_deleted on adjustments
CREATE TRIGGER adjustments_are_never_deleted BEFORE DELETE ON adjustments
BEGIN
  SELECT RAISE(ABORT, 'adjustments are immutable: add another adjustment');
END;

-- index adjustments_by_account_period on adjustments
CREATE INDEX adjustments_by_account_period ON adjustments (organisation_id, effective_at);

-- table api_tokens on api_tokens
CREATE TABLE api_tokens (
  id           TEXT PRIMARY KEY,
  user_id      TEXT NOT NULL REFERENCES users(id),
  name         TEXT NOT NULL,
  -- hex SHA-256 of the bearer token; the token itself is shown once and never stored.
  token_hash   TEXT NOT NULL UNIQUE,
  created_at   INTEGER NOT NULL,
  last_used_at INTEGER,
  revoked_at   INTEGER
, issued_by_user_id TEXT REFERENCES users(id), issued_via TEXT NOT NULL DEFAULT 'unrecorded'
  CHECK (issued_via IN ('api', 'command-line', 'unrecorded'))) STRICT;

-- index api_tokens_by_user on api_tokens
CREATE INDEX api_tokens_by_user ON api_tokens (user_id);

-- table booking_cancelled_occurrences on booking_cancelled_occurrences
CREATE TABLE booking_cancelled_occurrences (
  booking_id  TEXT NOT NULL REFERENCES bookings(id),
  -- The occurrence's start as the recurrence gives it (its RECURRENCE-ID).
  starts_at   INTEGER NOT NULL,
  PRIMARY KEY (booking_id, starts_at)
) STRICT, WITHOUT ROWID;

-- table booking_codes on booking_codes
CREATE TABLE booking_codes (
  code_hash   TEXT PRIMARY KEY,
  booking_id  TEXT NOT NULL REFERENCES bookings(id),
  role        TEXT NOT NULL CHECK (role IN ('leader', 'participant')),
  UNIQUE (booking_id, role)
) STRICT;

-- table booking_invitees on booking_invitees
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

-- index booking_invitees_by_email on booking_invitees
CREATE INDEX booking_invitees_by_email ON booking_invitees (email);

-- table bookings on bookings
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

-- index bookings_by_host on bookings
CREATE INDEX bookings_by_host ON bookings (host_user_id, last_ends_at) WHERE status = 'scheduled';

-- index bookings_by_org on bookings
CREATE INDEX bookings_by_org ON bookings (organisation_id, last_ends_at) WHERE status = 'scheduled';

-- index bookings_by_room on bookings
CREATE INDEX bookings_by_room ON bookings (conference_id, last_ends_at) WHERE status = 'scheduled';

-- table caller_blocks on caller_blocks
CREATE TABLE caller_blocks (
  bucket        TEXT PRIMARY KEY,
  blocked_until INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- index caller_blocks_by_end on caller_blocks
CREATE INDEX caller_blocks_by_end ON caller_blocks (blocked_until);

-- table charges on charges
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

-- trigger charges_add_to_meeting_totals on charges
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

-- trigger charges_are_immutable on charges
CREATE TRIGGER charges_are_immutable BEFORE UPDATE ON charges
BEGIN
  SELECT RAISE(ABORT, 'charges are immutable: correct with an adjustment');
END;

-- trigger charges_are_never_deleted on charges
CREATE TRIGGER charges_are_never_deleted BEFORE DELETE ON charges
BEGIN
  SELECT RAISE(ABORT, 'charges are immutable: correct with an adjustment');
END;

-- table code_failures on code_failures
CREATE TABLE code_failures (
  at            INTEGER NOT NULL,
  -- 'number:+4791234567' (the normalised number) or 'anonymous'.
  bucket        TEXT NOT NULL,
  access_number TEXT NOT NULL
) STRICT;

-- index code_failures_by_access_number on code_failures
CREATE INDEX code_failures_by_access_number ON code_failures (access_number, at);

-- index code_failures_by_bucket on code_failures
CREATE INDEX code_failures_by_bucket ON code_failures (bucket, at);

-- index code_failures_by_time on code_failures
CREATE INDEX code_failures_by_time ON code_failures (at);

-- table conference_claims on conference_claims
CREATE TABLE conference_claims (
  conference_id TEXT PRIMARY KEY,
  server_id     TEXT NOT NULL,
  epoch         INTEGER NOT NULL,
  claimed_at    INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- table conference_codes on conference_codes
CREATE TABLE conference_codes (
  code_hash     TEXT PRIMARY KEY,            -- hex HMAC-SHA256(server secret, digits)
  conference_id TEXT NOT NULL REFERENCES conferences(id),
  role          TEXT NOT NULL CHECK (role IN ('leader', 'participant', 'single')),
  created_at    INTEGER NOT NULL,
  UNIQUE (conference_id, role)
) STRICT;

-- table conferences on conferences
CREATE TABLE conferences (
  id                   TEXT PRIMARY KEY,
  organisation_id      TEXT NOT NULL REFERENCES organisations(id),
  owner_user_id        TEXT REFERENCES users(id),
  name                 TEXT NOT NULL,
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
  deleted_at           INTEGER, time_zone TEXT NOT NULL DEFAULT 'Europe/Oslo', room_type TEXT NOT NULL DEFAULT 'unlimited'
  CHECK (room_type IN ('sensitive', 'personal', 'small-administrative', 'large-administrative',
                           'small-auditorium', 'large-auditorium', 'unlimited')), admission_required INTEGER NOT NULL DEFAULT 0 CHECK (admission_required IN (0, 1)), names_recorded INTEGER NOT NULL DEFAULT 0 CHECK (names_recorded IN (0, 1)),
  CHECK (valid_from IS NULL OR valid_until IS NULL OR valid_from < valid_until)
) STRICT;

-- index conferences_by_org on conferences
CREATE INDEX conferences_by_org ON conferences (organisation_id) WHERE deleted_at IS NULL;

-- table guessing_alarms on guessing_alarms
CREATE TABLE guessing_alarms (
  scope      TEXT PRIMARY KEY,
  alarmed_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- table legs on legs
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
, caller_number_normalised TEXT, media_server_id TEXT) STRICT;

-- index legs_by_conference on legs
CREATE INDEX legs_by_conference ON legs (conference_id, called_at);

-- index legs_by_meeting on legs
CREATE INDEX legs_by_meeting ON legs (meeting_id);

-- index legs_open on legs
CREATE INDEX legs_open ON legs (left_at) WHERE left_at IS NULL;

-- index legs_open_by_media_server on legs
CREATE INDEX legs_open_by_media_server ON legs (media_server_id) WHERE left_at IS NULL;

-- trigger legs_queue_rating_on_close on legs
CREATE TRIGGER legs_queue_rating_on_close AFTER UPDATE OF left_at, entered_at, meeting_id ON legs
WHEN NEW.left_at IS NOT NULL AND NEW.entered_at IS NOT NULL AND NEW.meeting_id IS NOT NULL
BEGIN
  INSERT OR IGNORE INTO rating_queue (leg_id) VALUES (NEW.id);
END;

-- trigger legs_queue_rating_on_insert on legs
CREATE TRIGGER legs_queue_rating_on_insert AFTER INSERT ON legs
WHEN NEW.left_at IS NOT NULL AND NEW.entered_at IS NOT NULL AND NEW.meeting_id IS NOT NULL
BEGIN
  INSERT OR IGNORE INTO rating_queue (leg_id) VALUES (NEW.id);
END;

-- table licence_plans on licence_plans
CREATE TABLE licence_plans (
  id                        TEXT PRIMARY KEY CHECK (id GLOB '[a-z]*' AND id NOT GLOB '*[^a-z0-9-]*'),
  name                      TEXT NOT NULL,
  -- Yearly price per host excl. VAT, in øre (NOK, like every amount in billing).
  price_ore_per_year        INTEGER NOT NULL CHECK (price_ore_per_year >= 0),
  -- Callers besides the leaders in one meeting; null = no limit.
  max_participants          INTEGER CHECK (max_participants > 0),
  -- A meeting of three or more people ends this long after it became one; null = no limit.
  group_time_limit_minutes  INTEGER CHECK (group_time_limit_minutes > 0),
  created_at                INTEGER NOT NULL,
  updated_at                INTEGER NOT NULL
) STRICT;

-- table licence_settings on licence_settings
CREATE TABLE licence_settings (
  id               INTEGER PRIMARY KEY CHECK (id = 1),
  default_plan_id  TEXT NOT NULL REFERENCES licence_plans(id),
  updated_at       INTEGER NOT NULL
) STRICT;

-- table licences on licences
CREATE TABLE licences (
  id                  TEXT PRIMARY KEY,
  user_id             TEXT NOT NULL REFERENCES users(id),
  -- The account the fee is charged to: the user's organisation when it was assigned.
  organisation_id     TEXT NOT NULL REFERENCES organisations(id),
  plan_id             TEXT NOT NULL REFERENCES licence_plans(id),
  price_ore_per_year  INTEGER NOT NULL CHECK (price_ore_per_year >= 0),
  starts_on           TEXT NOT NULL,
  ends_on             TEXT,
  created_at          INTEGER NOT NULL,
  CHECK (ends_on IS NULL OR ends_on >= starts_on)
) STRICT;

-- index licences_by_org on licences
CREATE INDEX licences_by_org ON licences (organisation_id, starts_on);

-- index licences_by_user on licences
CREATE INDEX licences_by_user ON licences (user_id, starts_on);

-- table mail_attempts on mail_attempts
CREATE TABLE mail_attempts (
  message_id   TEXT NOT NULL REFERENCES mail_outbox(id),
  attempt      INTEGER NOT NULL,
  at           INTEGER NOT NULL,
  outcome      TEXT NOT NULL CHECK (outcome IN ('sent', 'failed')),
  error        TEXT,
  PRIMARY KEY (message_id, attempt)
) STRICT, WITHOUT ROWID;

-- table mail_outbox on mail_outbox
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

-- index mail_outbox_by_booking on mail_outbox
CREATE INDEX mail_outbox_by_booking ON mail_outbox (booking_id, created_at);

-- index mail_outbox_due on mail_outbox
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE status = 'queued';

-- table media_server_leases on media_server_leases
CREATE TABLE media_server_leases (
  server_id  TEXT PRIMARY KEY,
  -- NULL once somebody recorded its lapse: nobody drives the server.
  holder     TEXT,
  -- Bumped by every change of holder and every recorded lapse.
  epoch      INTEGER NOT NULL CHECK (epoch >= 1),
  expires_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- table meeting_charge_totals on meeting_charge_totals
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

-- table meetings on meetings
CREATE TABLE meetings (
  id              TEXT PRIMARY KEY,
  conference_id   TEXT NOT NULL REFERENCES conferences(id),
  -- The account charged, frozen when the meeting starts.
  organisation_id TEXT NOT NULL REFERENCES organisations(id),
  started_at      INTEGER NOT NULL,
  ended_at        INTEGER,
  end_reason      TEXT
) STRICT;

-- index meetings_by_org_start on meetings
CREATE INDEX meetings_by_org_start ON meetings (organisation_id, started_at);

-- trigger meetings_end_in_charge_totals on meetings
CREATE TRIGGER meetings_end_in_charge_totals AFTER UPDATE OF ended_at ON meetings
BEGIN
  UPDATE meeting_charge_totals SET meeting_ended_at = NEW.ended_at
  WHERE organisation_id = NEW.organisation_id AND meeting_started_at = NEW.started_at AND meeting_id = NEW.id;
END;

-- table organisations on organisations
CREATE TABLE organisations (
  id                TEXT PRIMARY KEY,
  name              TEXT NOT NULL,
  -- Organisation number or phone number printed on every charge report.
  billing_reference TEXT NOT NULL,
  created_at        INTEGER NOT NULL
, reseller_organisation_id TEXT REFERENCES organisations(id)) STRICT;

-- table password_credentials on password_credentials
CREATE TABLE password_credentials (
  user_id      TEXT PRIMARY KEY REFERENCES users(id),
  algorithm    TEXT NOT NULL CHECK (algorithm = 'scrypt'),
  cost         INTEGER NOT NULL CHECK (cost > 1),          -- N
  block_size   INTEGER NOT NULL CHECK (block_size > 0),    -- r
  parallelism  INTEGER NOT NULL CHECK (parallelism > 0),   -- p
  salt         TEXT NOT NULL,                              -- base64, 16 random bytes per user
  hash         TEXT NOT NULL,                              -- base64 derived key
  updated_at   INTEGER NOT NULL
) STRICT;

-- table password_reset_codes on password_reset_codes
CREATE TABLE password_reset_codes (
  id                TEXT PRIMARY KEY,
  user_id           TEXT NOT NULL REFERENCES users(id),
  code_hash         TEXT NOT NULL UNIQUE,                  -- hex SHA-256 of the code
  issued_by_user_id TEXT REFERENCES users(id),
  issued_via        TEXT NOT NULL CHECK (issued_via IN ('api', 'command-line')),
  created_at        INTEGER NOT NULL,
  expires_at        INTEGER NOT NULL,
  used_at           INTEGER
) STRICT;

-- index password_reset_codes_by_user on password_reset_codes
CREATE INDEX password_reset_codes_by_user ON password_reset_codes (user_id);

-- table rating_queue on rating_queue
CREATE TABLE rating_queue (
  leg_id TEXT PRIMARY KEY
) STRICT, WITHOUT ROWID;

-- table room_prices on room_prices
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

-- trigger room_prices_are_immutable on room_prices
CREATE TRIGGER room_prices_are_immutable BEFORE UPDATE ON room_prices
BEGIN
  SELECT RAISE(ABORT, 'room prices are immutable: add a new price with a later effective date');
END;

-- trigger room_prices_are_never_deleted on room_prices
CREATE TRIGGER room_prices_are_never_deleted BEFORE DELETE ON room_prices
BEGIN
  SELECT RAISE(ABORT, 'room prices are immutable: add a new price with a later effective date');
END;

-- table room_subscriptions on room_subscriptions
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

-- trigger room_subscriptions_are_never_deleted on room_subscriptions
CREATE TRIGGER room_subscriptions_are_never_deleted BEFORE DELETE ON room_subscriptions
BEGIN
  SELECT RAISE(ABORT, 'a room subscription keeps its history: only its end is written, once');
END;

-- index room_subscriptions_by_org on room_subscriptions
CREATE INDEX room_subscriptions_by_org ON room_subscriptions (organisation_id, started_at);

-- trigger room_subscriptions_end_once on room_subscriptions
CREATE TRIGGER room_subscriptions_end_once BEFORE UPDATE ON room_subscriptions
WHEN OLD.ended_at IS NOT NULL OR NEW.conference_id IS NOT OLD.conference_id OR NEW.organisation_id IS NOT OLD.organisation_id
  OR NEW.started_at IS NOT OLD.started_at OR NEW.binding_months IS NOT OLD.binding_months
BEGIN
  SELECT RAISE(ABORT, 'a room subscription keeps its history: only its end is written, once');
END;

-- table room_type_changes on room_type_changes
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

-- trigger room_type_changes_are_immutable on room_type_changes
CREATE TRIGGER room_type_changes_are_immutable BEFORE UPDATE ON room_type_changes
BEGIN
  SELECT RAISE(ABORT, 'a room subscription keeps its history: add a change, never edit one');
END;

-- trigger room_type_changes_are_never_deleted on room_type_changes
CREATE TRIGGER room_type_changes_are_never_deleted BEFORE DELETE ON room_type_changes
BEGIN
  SELECT RAISE(ABORT, 'a room subscription keeps its history: add a change, never edit one');
END;

-- index room_type_changes_by_room on room_type_changes
CREATE INDEX room_type_changes_by_room ON room_type_changes (conference_id, changed_at);

-- table sign_in_failures on sign_in_failures
CREATE TABLE sign_in_failures (
  email_key TEXT NOT NULL,
  failed_at INTEGER NOT NULL
) STRICT;

-- index sign_in_failures_by_email on sign_in_failures
CREATE INDEX sign_in_failures_by_email ON sign_in_failures (email_key, failed_at);

-- index sign_in_failures_by_time on sign_in_failures
CREATE INDEX sign_in_failures_by_time ON sign_in_failures (failed_at);

-- index sqlite_autoindex_access_numbers_1 on access_numbers
-- (made by SQLite)

-- index sqlite_autoindex_adjustments_1 on adjustments
-- (made by SQLite)

-- index sqlite_autoindex_api_tokens_1 on api_tokens
-- (made by SQLite)

-- index sqlite_autoindex_api_tokens_2 on api_tokens
-- (made by SQLite)

-- index sqlite_autoindex_booking_codes_1 on booking_codes
-- (made by SQLite)

-- index sqlite_autoindex_booking_codes_2 on booking_codes
-- (made by SQLite)

-- index sqlite_autoindex_booking_invitees_1 on booking_invitees
-- (made by SQLite)

-- index sqlite_autoindex_booking_invitees_2 on booking_invitees
-- (made by SQLite)

-- index sqlite_autoindex_bookings_1 on bookings
-- (made by SQLite)

-- index sqlite_autoindex_charges_1 on charges
-- (made by SQLite)

-- index sqlite_autoindex_conference_codes_1 on conference_codes
-- (made by SQLite)

-- index sqlite_autoindex_conference_codes_2 on conference_codes
-- (made by SQLite)

-- index sqlite_autoindex_conferences_1 on conferences
-- (made by SQLite)

-- index sqlite_autoindex_legs_1 on legs
-- (made by SQLite)

-- index sqlite_autoindex_licence_plans_1 on licence_plans
-- (made by SQLite)

-- index sqlite_autoindex_licences_1 on licences
-- (made by SQLite)

-- index sqlite_autoindex_mail_outbox_1 on mail_outbox
-- (made by SQLite)

-- index sqlite_autoindex_mail_outbox_2 on mail_outbox
-- (made by SQLite)

-- index sqlite_autoindex_meetings_1 on meetings
-- (made by SQLite)

-- index sqlite_autoindex_organisations_1 on organisations
-- (made by SQLite)

-- index sqlite_autoindex_password_credentials_1 on password_credentials
-- (made by SQLite)

-- index sqlite_autoindex_password_reset_codes_1 on password_reset_codes
-- (made by SQLite)

-- index sqlite_autoindex_password_reset_codes_2 on password_reset_codes
-- (made by SQLite)

-- index sqlite_autoindex_room_prices_1 on room_prices
-- (made by SQLite)

-- index sqlite_autoindex_room_prices_2 on room_prices
-- (made by SQLite)

-- index sqlite_autoindex_room_subscriptions_1 on room_subscriptions
-- (made by SQLite)

-- index sqlite_autoindex_room_type_changes_1 on room_type_changes
-- (made by SQLite)

-- index sqlite_autoindex_tariffs_1 on tariffs
-- (made by SQLite)

-- index sqlite_autoindex_user_sessions_1 on user_sessions
-- (made by SQLite)

-- index sqlite_autoindex_user_sessions_2 on user_sessions
-- (made by SQLite)

-- index sqlite_autoindex_users_1 on users
-- (made by SQLite)

-- index sqlite_autoindex_vat_rates_1 on vat_rates
-- (made by SQLite)

-- index sqlite_autoindex_vat_rates_2 on vat_rates
-- (made by SQLite)

-- table tariffs on tariffs
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

-- trigger tariffs_are_immutable on tariffs
CREATE TRIGGER tariffs_are_immutable BEFORE UPDATE ON tariffs
BEGIN
  SELECT RAISE(ABORT, 'tariffs are immutable: add a new tariff with a later effective date');
END;

-- index tariffs_one_per_account_and_date on tariffs
CREATE UNIQUE INDEX tariffs_one_per_account_and_date ON tariffs (coalesce(organisation_id, ''), effective_from);

-- table user_sessions on user_sessions
CREATE TABLE user_sessions (
  id              TEXT PRIMARY KEY,
  user_id         TEXT NOT NULL REFERENCES users(id),
  session_hash    TEXT NOT NULL UNIQUE,                    -- hex SHA-256 of the cookie's value
  csrf_token      TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  last_seen_at    INTEGER NOT NULL,                        -- to the minute
  idle_expires_at INTEGER NOT NULL,                        -- moves on with use, never past expires_at
  expires_at      INTEGER NOT NULL,                        -- absolute: created_at + the session's longest life
  revoked_at      INTEGER
) STRICT;

-- index user_sessions_by_user on user_sessions
CREATE INDEX user_sessions_by_user ON user_sessions (user_id);

-- table users on users
CREATE TABLE users (
  id              TEXT PRIMARY KEY,
  organisation_id TEXT NOT NULL REFERENCES organisations(id),
  name            TEXT NOT NULL,
  email           TEXT,
  created_at      INTEGER NOT NULL
, role TEXT NOT NULL DEFAULT 'user'
  CHECK (role IN ('operator', 'reseller', 'org-admin', 'user', 'finance')), deleted_at INTEGER, shared_mailbox INTEGER NOT NULL DEFAULT 0 CHECK (shared_mailbox IN (0, 1)), deactivated_at INTEGER) STRICT;

-- index users_by_email on users
CREATE INDEX users_by_email ON users (lower(email));

-- table vat_rates on vat_rates
CREATE TABLE vat_rates (
  id                    TEXT PRIMARY KEY,
  effective_from        INTEGER NOT NULL UNIQUE,
  vat_rate_basis_points INTEGER NOT NULL CHECK (vat_rate_basis_points BETWEEN 0 AND 10000),
  created_at            INTEGER NOT NULL
) STRICT;

-- trigger vat_rates_are_immutable on vat_rates
CREATE TRIGGER vat_rates_are_immutable BEFORE UPDATE ON vat_rates
BEGIN
  SELECT RAISE(ABORT, 'VAT rates are immutable: add a new rate with a later effective date');
END;

-- trigger vat_rates_are_never_deleted on vat_rates
CREATE TRIGGER vat_rates_are_never_deleted BEFORE DELETE ON vat_rates
BEGIN
  SELECT RAISE(ABORT, 'VAT rates are immutable: add a new rate with a later effective date');
END;
