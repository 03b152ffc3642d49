-- Issue 11: a room may require admission (its participants wait in a lobby
-- until a leader lets them in) and may ask callers to say their name after
-- the code. Existing rooms keep their behaviour: neither is on.
ALTER TABLE conferences ADD COLUMN admission_required INTEGER NOT NULL DEFAULT 0 CHECK (admission_required IN (0, 1));
ALTER TABLE conferences ADD COLUMN names_recorded INTEGER NOT NULL DEFAULT 0 CHECK (names_recorded IN (0, 1));
