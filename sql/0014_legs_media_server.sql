-- Which media server a leg's call is on (issue 17): a process may drive
-- several Asterisk servers on one database, and after a restart each server's
-- resync closes only the lost legs of its own calls. NULL for a single
-- Asterisk (no KVORUM_MEDIA_SERVERS) and for legs older than this migration.
ALTER TABLE legs ADD COLUMN media_server_id TEXT;
CREATE INDEX legs_open_by_media_server ON legs (media_server_id) WHERE left_at IS NULL;
