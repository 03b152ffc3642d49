-- Issue 13: people sign in to the portal with e-mail and password; tokens stay
-- for machines. Nothing here holds a secret in the clear: passwords are scrypt
-- hashes, session ids and reset codes SHA-256 hashes (both carry enough random
-- bits that a plain hash cannot be reversed by guessing).

-- One password per user. scrypt (node:crypto) with its parameters stored beside
-- each hash, so raising them later re-hashes passwords as people sign in.
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

-- Sign-in looks users up by e-mail, compared as SQLite's lower() does.
CREATE INDEX users_by_email ON users (lower(email));

-- Portal sessions. The cookie carries a random id; only its hash is stored. The
-- CSRF token is not a credential on its own (it works only with the cookie) and
-- is kept so the portal can read it again after a reload.
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
CREATE INDEX user_sessions_by_user ON user_sessions (user_id);

-- Failed sign-ins per account, keyed by the e-mail as typed (lower-cased),
-- whether or not a user has it: an unknown address is locked out like a known
-- one, so the lock-out does not tell which addresses exist.
CREATE TABLE sign_in_failures (
  email_key TEXT NOT NULL,
  failed_at INTEGER NOT NULL
) STRICT;
CREATE INDEX sign_in_failures_by_email ON sign_in_failures (email_key, failed_at);
CREATE INDEX sign_in_failures_by_time ON sign_in_failures (failed_at);

-- One-time codes to set a password, shown once to whoever issued them.
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
CREATE INDEX password_reset_codes_by_user ON password_reset_codes (user_id);
