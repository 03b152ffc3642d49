-- The caller number as Kvorum counts and reports it, next to caller_number as
-- the carrier presented it: E.164 when it could be normalised (+4791234567
-- from "+47 912 34 567", 004791234567, 4791234567 or 91234567), otherwise as
-- given; NULL when the number was withheld (domain/call/caller-number.ts).
-- Legs written before this migration have NULL here.
--
-- charges.caller_number is the number as the charge report shows it: legs
-- rated from now on carry the normalised number there; lines rated before
-- keep the number as presented (charges are never rewritten).
ALTER TABLE legs ADD COLUMN caller_number_normalised TEXT;
