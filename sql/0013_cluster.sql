-- Cluster coordination (issue 17): who drives which media server and where
-- each conference lives. With one server on SQLite these rows are trivially
-- this process's own; a cluster keeps them in the PostgreSQL its processes
-- share. The rules are in src/domain/cluster; the store only swaps a row for
-- another if it is still what was read (adapters/db/sql-cluster-store.ts).
-- No foreign key to conferences: in a cluster the claims live in PostgreSQL
-- while the conferences may still be in each process's SQLite.

-- One row per media server: the Kvorum process driving it and until when.
CREATE TABLE media_server_leases (
  server_id  TEXT PRIMARY KEY,
  -- NULL once somebody recorded its lapse: nobody drives the server.
  holder     TEXT,
  -- Bumped by every change of holder and every recorded lapse.
  epoch      INTEGER NOT NULL CHECK (epoch >= 1),
  expires_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- One row per conference with a meeting somewhere: the server it lives on,
-- valid while that server's lease stays in the same epoch.
CREATE TABLE conference_claims (
  conference_id TEXT PRIMARY KEY,
  server_id     TEXT NOT NULL,
  epoch         INTEGER NOT NULL,
  claimed_at    INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
