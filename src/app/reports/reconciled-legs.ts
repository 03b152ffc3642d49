import { ReconciliationError, type AccountChargeReport, type LicenceFeeLine } from './charge-report';
import type { LegChargeRow } from '../ports/charge-report-source';

/**
 * The account's leg lines, checked as they pass: when the last one has been
 * written, their sum must equal the meeting lines' total, or the writer throws
 * before the totals are printed.
 */
export function* reconciledLegs(report: AccountChargeReport): Iterable<LegChargeRow> {
  if (report.legs === null) return;
  let legsOre = 0;
  for (const leg of report.legs) {
    legsOre += leg.amountOre;
    yield leg;
  }
  if (legsOre !== report.totals.chargesOre) {
    throw new ReconciliationError(report.account.organisationId, legsOre, report.totals.chargesOre);
  }
}

/** The account's licence lines, checked like the leg lines: they must add up to the licence total. */
export function* reconciledLicences(report: AccountChargeReport): Iterable<LicenceFeeLine> {
  let sum = 0;
  for (const line of report.licences) {
    sum += line.amountOre;
    yield line;
  }
  if (sum !== report.totals.licenceFeesOre) throw new ReconciliationError(report.account.organisationId, sum, report.totals.licenceFeesOre);
}
