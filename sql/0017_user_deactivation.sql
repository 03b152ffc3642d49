-- Issue 13: admins deactivate users instead of deleting them. A deactivated
-- user keeps everything it owns (rooms, bookings, licences, the ledger's
-- history); it cannot sign in and its API tokens do not authenticate while it
-- is deactivated, and its portal sessions were ended when it was deactivated.
-- Reactivating clears the column: the tokens that were not revoked work again.
ALTER TABLE users ADD COLUMN deactivated_at INTEGER;
