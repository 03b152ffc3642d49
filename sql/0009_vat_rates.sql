-- VAT is effective-dated like tariffs: a new rate is a new row from a later
-- date, never an edit, so a report regenerated after a change gives the same
-- figures (which rate applies to what: src/domain/billing/vat.ts).
CREATE TABLE vat_rates (
  id                    TEXT PRIMARY KEY,
  effective_from        INTEGER NOT NULL UNIQUE,
  vat_rate_basis_points INTEGER NOT NULL CHECK (vat_rate_basis_points BETWEEN 0 AND 10000),
  created_at            INTEGER NOT NULL
) STRICT;
--% sqlite
CREATE TRIGGER vat_rates_are_immutable BEFORE UPDATE ON vat_rates
BEGIN
  SELECT RAISE(ABORT, 'VAT rates are immutable: add a new rate with a later effective date');
END;
CREATE TRIGGER vat_rates_are_never_deleted BEFORE DELETE ON vat_rates
BEGIN
  SELECT RAISE(ABORT, 'VAT rates are immutable: add a new rate with a later effective date');
END;
--% postgres
CREATE TRIGGER vat_rates_are_immutable BEFORE UPDATE ON vat_rates FOR EACH ROW
EXECUTE FUNCTION kvorum_refuse('VAT rates are immutable: add a new rate with a later effective date');
CREATE TRIGGER vat_rates_are_never_deleted BEFORE DELETE ON vat_rates FOR EACH ROW
EXECUTE FUNCTION kvorum_refuse('VAT rates are immutable: add a new rate with a later effective date');
--% end

-- Today's single rate carries over, in force from the beginning of time: every
-- report made so far applied it to every period, so old periods keep their figures.
INSERT INTO vat_rates (id, effective_from, vat_rate_basis_points, created_at)
SELECT 'vat-carried-over', 0, vat_rate_basis_points, updated_at FROM billing_settings WHERE id = 1;

-- Its only setting has moved to vat_rates.
DROP TABLE billing_settings;
