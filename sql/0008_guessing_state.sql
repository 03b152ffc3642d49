-- Code guessing: failed codes, blocked caller numbers and the last alarm per
-- scope, shared by every Kvorum process on this database and kept across
-- restarts. Never a digit that was typed. The rules live in
-- src/domain/guessing; this only records and counts. Failures older than the
-- guessing window, and blocks and alarms that have run out, are pruned as new
-- ones are written (adapters/db/sqlite-guessing-store.ts).

-- One row per code typed and not found.
CREATE TABLE code_failures (
  at            INTEGER NOT NULL,
  -- 'number:+4791234567' (the normalised number) or 'anonymous'.
  bucket        TEXT NOT NULL,
  access_number TEXT NOT NULL
) STRICT;
CREATE INDEX code_failures_by_bucket ON code_failures (bucket, at);
CREATE INDEX code_failures_by_access_number ON code_failures (access_number, at);
CREATE INDEX code_failures_by_time ON code_failures (at);

CREATE TABLE caller_blocks (
  bucket        TEXT PRIMARY KEY,
  blocked_until INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX caller_blocks_by_end ON caller_blocks (blocked_until);

-- When each scope ('service', 'access-number:<number>') last raised its alarm: one per window.
CREATE TABLE guessing_alarms (
  scope      TEXT PRIMARY KEY,
  alarmed_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
