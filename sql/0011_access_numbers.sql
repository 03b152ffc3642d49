-- The access numbers callers dial: what callers hear before they type the
-- code (the number's default language), and how the number is shown: in
-- international form (+4722222222, for the invitations' tel: links and the
-- portal's dial-in card) with a label such as "Oslo" or "Norway toll-free".
-- Operators manage it through the admin API and the command line; a number
-- the directory does not have is still answered, in KVORUM_DEFAULT_LANGUAGE.
CREATE TABLE access_numbers (
  -- As the dialplan hands it to Kvorum (the Stasis argument, the legs' dialled_number): 22222222.
  number               TEXT PRIMARY KEY
--% sqlite
                       CHECK (length(number) BETWEEN 3 AND 16 AND ltrim(number, '+') NOT GLOB '*[^0-9]*'),
--% postgres
                       CHECK (length(number) BETWEEN 3 AND 16 AND ltrim(number, '+') !~ '[^0-9]'),
--% end
  -- The same number as people dial it from anywhere.
  international_number TEXT NOT NULL
--% sqlite
                       CHECK (international_number GLOB '+[0-9]*' AND substr(international_number, 2) NOT GLOB '*[^0-9]*'),
--% postgres
                       CHECK (international_number ~ '^[+][0-9]' AND substr(international_number, 2) !~ '[^0-9]'),
--% end
  label                TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 100),
  -- A language Kvorum speaks (src/domain/prompts/languages.ts).
  default_language     TEXT NOT NULL CHECK (default_language IN ('en', 'nb')),
  created_at           INTEGER NOT NULL,
  updated_at           INTEGER NOT NULL
) STRICT;

-- The concrete access numbers of asterisk-config/extensions.conf. Norwegian
-- numbers speak bokmål before the code. The freephone range 800xxxxx there is
-- a pattern, not a number: each freephone number in use is added by its
-- operator (until then its callers hear KVORUM_DEFAULT_LANGUAGE, bokmål by default).
INSERT INTO access_numbers (number, international_number, label, default_language, created_at, updated_at)
--% sqlite
VALUES ('22222222', '+4722222222', 'Oslo', 'nb', unixepoch() * 1000, unixepoch() * 1000);
--% postgres
VALUES ('22222222', '+4722222222', 'Oslo', 'nb', CAST(floor(extract(epoch FROM now())) * 1000 AS BIGINT),
        CAST(floor(extract(epoch FROM now())) * 1000 AS BIGINT));
--% end
