-- Who issued each API token: the user whose token authenticated the API call
-- that made it, or the command line on the server (which acts as the operator
-- with no user behind it). Tokens made before this migration say 'unrecorded'.
ALTER TABLE api_tokens ADD COLUMN issued_by_user_id TEXT REFERENCES users(id);
ALTER TABLE api_tokens ADD COLUMN issued_via TEXT NOT NULL DEFAULT 'unrecorded'
  CHECK (issued_via IN ('api', 'command-line', 'unrecorded'));
