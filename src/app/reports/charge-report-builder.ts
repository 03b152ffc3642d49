import { maskCallerNumber } from '../../domain/billing/caller-number-mask';
import { formatLocalDate, localPeriod, parseLocalDate, startOfLocalDay, type LocalDate, type Period } from '../../domain/billing/calendar';
import {
  invoiceTotals,
  vatPeriods,
  vatRateInForce,
  VAT_BY_RATE_RULE,
  VAT_ROUNDING_RULE,
  type Supply,
  type VatRate,
} from '../../domain/billing/vat';
import { licenceFee } from '../../domain/licensing/licence-fee';
import { reconciled } from './reconciled-lines';
import type { AccountChargeReport, ChargeReport, LicenceFeeLine } from './charge-report';
import type { AccountRow, ChargeReportSource, LegChargeRow, LicenceFeeSource, MeetingSums } from '../ports/charge-report-source';

export interface ChargeReportRequest {
  from: LocalDate;
  /** Inclusive. */
  to: LocalDate;
  /** One account, or null for every account with activity in the period. */
  organisationId: string | null;
  includeLegs: boolean;
  /** Show caller numbers in full (they are masked by default). */
  unmaskedCallers: boolean;
}

export type ChargeReportOutcome = { kind: 'report'; report: ChargeReport } | { kind: 'unknown-account' };

export interface ChargeReportBuilder {
  /**
   * The report of the period from what the source holds (rated legs). It is
   * read as a writer goes through it: one account at a time, its meeting and
   * leg lines straight from the database, so a year of millions of legs is
   * never held in memory.
   */
  build(request: ChargeReportRequest, generatedAt: number): ChargeReportOutcome;
}

export function createChargeReportBuilder(deps: {
  source: ChargeReportSource;
  /** The hosts' licences; without it the report has no licence lines. */
  licences?: LicenceFeeSource;
  timeZone: string;
}): ChargeReportBuilder {
  const { source, timeZone } = deps;

  /** The account's licence lines for the period, each prorated by day (domain/licensing/licence-fee.ts). */
  function licenceLines(organisationId: string, from: LocalDate, to: LocalDate): LicenceFeeLine[] {
    if (!deps.licences) return [];
    return deps.licences.licencesRunning(organisationId, formatLocalDate(from), formatLocalDate(to)).flatMap((licence) => {
      const startsOn = parseLocalDate(licence.startsOn);
      const endsOn = licence.endsOn === null ? null : parseLocalDate(licence.endsOn);
      if (startsOn === null) return [];
      const fee = licenceFee({ startsOn, endsOn, priceOrePerYear: licence.priceOrePerYear }, from, to);
      if (fee.from === null || fee.to === null) return [];
      const { organisationId: _account, startsOn: _starts, endsOn: _ends, ...names } = licence;
      return [{ ...names, from: formatLocalDate(fee.from), to: formatLocalDate(fee.to), days: fee.days, amountOre: fee.amountOre }];
    });
  }

  /** Every account with charges, adjustments or a running licence in the period, by id. */
  function accountsActiveIn(request: ChargeReportRequest, period: Period): AccountRow[] {
    const accounts = source.accountsWithActivity(period.startsAt, period.endsAt);
    const listed = new Set(accounts.map((account) => account.organisationId));
    const licensed = (deps.licences?.licencesRunning(null, formatLocalDate(request.from), formatLocalDate(request.to)) ?? [])
      .map((licence) => licence.organisationId)
      .filter((id, index, ids) => !listed.has(id) && ids.indexOf(id) === index)
      .flatMap((id) => source.account(id) ?? []);
    return [...accounts, ...licensed].sort((a, b) => a.organisationId.localeCompare(b.organisationId));
  }

  function accountReport(
    account: AccountRow,
    request: ChargeReportRequest,
    period: Period,
    rates: readonly VatRate[],
  ): AccountChargeReport {
    const { organisationId } = account;
    // The meetings' charges by VAT rate: a period across a rate change is summed in its parts.
    const charges: Supply[] = [];
    const sums: MeetingSums = { participants: 0, realSeconds: 0, chargedSeconds: 0, amountOre: 0 };
    for (const part of vatPeriods(rates, period.startsAt, period.endsAt)) {
      const partSums = source.meetingSums(organisationId, part.startsAt, part.endsAt);
      sums.participants += partSums.participants;
      sums.realSeconds += partSums.realSeconds;
      sums.chargedSeconds += partSums.chargedSeconds;
      sums.amountOre += partSums.amountOre;
      charges.push({ amountOre: partSums.amountOre, suppliedAt: part.startsAt });
    }
    const licences = licenceLines(organisationId, request.from, request.to);
    const licenceFeesOre = licences.reduce((sum, line) => sum + line.amountOre, 0);
    // A licence line is supplied from its first day, as a meeting from its start.
    const fees = licences.map((line) => ({
      amountOre: line.amountOre,
      suppliedAt: startOfLocalDay(parseLocalDate(line.from) ?? request.from, timeZone),
    }));
    const adjustments = source.adjustments(organisationId, period.startsAt, period.endsAt);
    const corrections = adjustments.map(({ adjustment, suppliedAt }) => ({ amountOre: adjustment.amountOre, suppliedAt }));
    const { amountOre: usageOre, ...time } = sums;
    // VAT on everything (usage, licence fees and adjustments); chargesOre stays the usage. An empty
    // invoice shows the rate a charge on the period's last day would carry.
    const invoice = invoiceTotals([...charges, ...fees], corrections, rates, period.endsAt - 1);
    const totals = { ...time, ...invoice, chargesOre: usageOre, licenceFeesOre };
    const legs = request.includeLegs
      ? legLines(source.legCharges(organisationId, period.startsAt, period.endsAt), request.unmaskedCallers)
      : null;
    return {
      account,
      // Each kind of line must add up to its total, or the writer stops before the totals.
      meetings: reconciled(
        'meeting',
        source.meetingTotals(organisationId, period.startsAt, period.endsAt),
        organisationId,
        totals.chargesOre,
      ),
      legs: legs && reconciled('leg', legs, organisationId, totals.chargesOre),
      adjustments: adjustments.map(({ adjustment }) => adjustment),
      licences: reconciled('licence', licences, organisationId, licenceFeesOre),
      totals,
    };
  }

  function* accountReports(accounts: readonly AccountRow[], request: ChargeReportRequest, period: Period, rates: readonly VatRate[]) {
    for (const account of accounts) yield accountReport(account, request, period, rates);
  }

  return {
    build(request, generatedAt) {
      const period = localPeriod(request.from, request.to, timeZone);
      let accounts: AccountRow[];
      if (request.organisationId === null) {
        accounts = accountsActiveIn(request, period);
      } else {
        const account = source.account(request.organisationId);
        if (account === null) return { kind: 'unknown-account' };
        accounts = [account];
      }
      const rates = source.vatRates();
      return {
        kind: 'report',
        report: {
          period,
          generatedAt,
          currency: 'NOK',
          vatRule: changesRate(rates, period) ? VAT_BY_RATE_RULE : VAT_ROUNDING_RULE,
          accounts: accountReports(accounts, request, period, rates),
        },
      };
    },
  };
}

/** Whether the VAT rate changes within the period (its accounts' invoices then mix rates). */
function changesRate(rates: readonly VatRate[], period: Period): boolean {
  const inForce = vatPeriods(rates, period.startsAt, period.endsAt).map((part) => vatRateInForce(rates, part.startsAt)?.basisPoints);
  return new Set(inForce).size > 1;
}

function* legLines(rows: Iterable<LegChargeRow>, unmasked: boolean): Iterable<LegChargeRow> {
  if (unmasked) {
    yield* rows;
    return;
  }
  // Each row is a fresh object from the source: masking in place saves a copy per leg.
  for (const row of rows) {
    row.callerNumber = maskCallerNumber(row.callerNumber);
    yield row;
  }
}
