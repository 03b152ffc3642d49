-- Cluster coordination in the shared PostgreSQL: the same tables and columns
-- as sql/0013_cluster.sql on SQLite (read that file for what they mean).
-- Instants are BIGINT milliseconds since the epoch (UTC), as everywhere.

CREATE TABLE media_server_leases (
  server_id  TEXT PRIMARY KEY,
  holder     TEXT,
  epoch      BIGINT NOT NULL CHECK (epoch >= 1),
  expires_at BIGINT NOT NULL
);

CREATE TABLE conference_claims (
  conference_id TEXT PRIMARY KEY,
  server_id     TEXT NOT NULL,
  epoch         BIGINT NOT NULL,
  claimed_at    BIGINT NOT NULL
);
