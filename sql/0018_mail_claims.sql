-- The mail outbox shared by several Kvorum processes (one PostgreSQL): a
-- worker claims a message before sending it, so that no two send it. The
-- claim is this column, set by an UPDATE that only a message still due
-- passes, with next_attempt_at moved to the claim's end: the message is due
-- again then if the worker died before recording its attempt. Recording
-- the attempt clears it. Null: nobody holds the message.
ALTER TABLE mail_outbox ADD COLUMN claim TEXT;
