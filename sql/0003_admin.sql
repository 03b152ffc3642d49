-- Admin API: who may call it (users with a role, bearer tokens stored hashed)
-- and which organisations a reseller administers.

ALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT 'user'
  CHECK (role IN ('operator', 'reseller', 'org-admin', 'user', 'finance'));
-- Soft delete: conferences and tokens keep pointing at the row.
ALTER TABLE users ADD COLUMN deleted_at INTEGER;

-- The reseller organisation whose reseller users administer this organisation;
-- null when the platform sells to it directly.
ALTER TABLE organisations ADD COLUMN reseller_organisation_id TEXT REFERENCES organisations(id);

CREATE TABLE api_tokens (
  id           TEXT PRIMARY KEY,
  user_id      TEXT NOT NULL REFERENCES users(id),
  name         TEXT NOT NULL,
  -- hex SHA-256 of the bearer token; the token itself is shown once and never stored.
  token_hash   TEXT NOT NULL UNIQUE,
  created_at   INTEGER NOT NULL,
  last_used_at INTEGER,
  revoked_at   INTEGER
) STRICT;
CREATE INDEX api_tokens_by_user ON api_tokens (user_id);
