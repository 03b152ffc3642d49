import { ReconciliationError, type AccountChargeReport } from './charge-report';
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
