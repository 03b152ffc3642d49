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
import { dayPrices, roomFees } from '../../domain/billing/room-fee';
import { licenceFee } from '../../domain/licensing/licence-fee';
import { reconciled } from './reconciled-lines';
import type { AccountChargeReport, ChargeReport, FeeLine, LicenceFeeLine, RoomFeeLine } from './charge-report';
import type {
  AccountRow,
  ChargeReportSource,
  LegChargeRow,
  LicenceFeeSource,
  MeetingSums,
  RoomFeeSource,
} from '../ports/charge-report-source';

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
  build(request: ChargeReportRequest, generatedAt: number): Promise<ChargeReportOutcome>;
}

export function createChargeReportBuilder(deps: {
  source: ChargeReportSource;
  /** The hosts' licences; without it the report has no licence lines. */
  licences?: LicenceFeeSource;
  /** The rooms' subscriptions and prices; without it the report has no room lines. */
  rooms?: RoomFeeSource;
  timeZone: string;
}): ChargeReportBuilder {
  const { source, timeZone } = deps;

  /** The licence lines of the account (or every account) for the period, each prorated by day (domain/licensing/licence-fee.ts). */
  async function licenceLines(organisationId: string | null, from: LocalDate, to: LocalDate): Promise<FeeLinesByAccount<LicenceFeeLine>> {
    const running = (await deps.licences?.licencesRunning(organisationId, formatLocalDate(from), formatLocalDate(to))) ?? [];
    return byAccount(
      running.flatMap((licence) => {
        const startsOn = parseLocalDate(licence.startsOn);
        const endsOn = licence.endsOn === null ? null : parseLocalDate(licence.endsOn);
        if (startsOn === null) return [];
        const fee = licenceFee({ startsOn, endsOn, priceOrePerYear: licence.priceOrePerYear }, from, to);
        if (fee.from === null || fee.to === null) return [];
        const { organisationId: account, startsOn: _starts, endsOn: _ends, ...names } = licence;
        const line = { ...names, from: formatLocalDate(fee.from), to: formatLocalDate(fee.to), days: fee.days, amountOre: fee.amountOre };
        return [{ organisationId: account, line }];
      }),
    );
  }

  /** The room lines of the account (or every account) for the period: per month, type and price (domain/billing/room-fee.ts). */
  async function roomLines(organisationId: string | null, period: Period): Promise<FeeLinesByAccount<RoomFeeLine>> {
    if (!deps.rooms) return new Map();
    const prices = dayPrices(await deps.rooms.roomPrices(), timeZone);
    return byAccount(
      (await deps.rooms.running(organisationId, period.startsAt, period.endsAt)).flatMap((subscription) =>
        roomFees(subscription, prices, period.from, period.to, timeZone).map((fee) => ({
          organisationId: subscription.organisationId,
          line: {
            conferenceId: subscription.conferenceId,
            conferenceName: subscription.conferenceName,
            roomType: fee.roomType,
            from: formatLocalDate(fee.from),
            to: formatLocalDate(fee.to),
            days: fee.days,
            priceOrePerMonth: fee.priceOrePerMonth,
            amountOre: fee.amountOre,
          },
        })),
      ),
    );
  }

  /** Every account with charges, adjustments or a fee in the period, by id. */
  async function accountsActiveIn(period: Period, fees: Fees): Promise<AccountRow[]> {
    const accounts = await source.accountsWithActivity(period.startsAt, period.endsAt);
    const listed = new Set(accounts.map((account) => account.organisationId));
    const withFees: AccountRow[] = [];
    for (const id of new Set([...fees.licences.keys(), ...fees.rooms.keys()])) {
      const account = listed.has(id) ? null : await source.account(id);
      if (account) withFees.push(account);
    }
    return [...accounts, ...withFees].sort((a, b) => a.organisationId.localeCompare(b.organisationId));
  }

  /** Fee lines as VAT sees them: each supplied from its first day, as a meeting from its start. */
  function feeSupplies(lines: readonly FeeLine[], request: ChargeReportRequest): Supply[] {
    return lines.map((line) => ({
      amountOre: line.amountOre,
      suppliedAt: startOfLocalDay(parseLocalDate(line.from) ?? request.from, timeZone),
    }));
  }

  async function accountReport(
    account: AccountRow,
    request: ChargeReportRequest,
    period: Period,
    rates: readonly VatRate[],
    fees: Fees,
  ): Promise<AccountChargeReport> {
    const { organisationId } = account;
    // The meetings' charges by VAT rate: a period across a rate change is summed in its parts.
    const charges: Supply[] = [];
    const sums: MeetingSums = { participants: 0, realSeconds: 0, chargedSeconds: 0, amountOre: 0 };
    for (const part of vatPeriods(rates, period.startsAt, period.endsAt)) {
      const partSums = await source.meetingSums(organisationId, part.startsAt, part.endsAt);
      sums.participants += partSums.participants;
      sums.realSeconds += partSums.realSeconds;
      sums.chargedSeconds += partSums.chargedSeconds;
      sums.amountOre += partSums.amountOre;
      charges.push({ amountOre: partSums.amountOre, suppliedAt: part.startsAt });
    }
    const licences = fees.licences.get(organisationId) ?? [];
    const rooms = fees.rooms.get(organisationId) ?? [];
    const licenceFeesOre = sumOf(licences);
    const roomFeesOre = sumOf(rooms);
    const adjustments = await source.adjustments(organisationId, period.startsAt, period.endsAt);
    const corrections = adjustments.map(({ adjustment, suppliedAt }) => ({ amountOre: adjustment.amountOre, suppliedAt }));
    const { amountOre: usageOre, ...time } = sums;
    // VAT on everything (usage, fees and adjustments); chargesOre stays the usage. An empty
    // invoice shows the rate a charge on the period's last day would carry.
    const supplies = [...charges, ...feeSupplies(licences, request), ...feeSupplies(rooms, request)];
    const invoice = invoiceTotals(supplies, corrections, rates, period.endsAt - 1);
    const totals = { ...time, ...invoice, chargesOre: usageOre, licenceFeesOre, roomFeesOre };
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
      rooms: reconciled('room', rooms, organisationId, roomFeesOre),
      totals,
    };
  }

  async function* accountReports(
    accounts: readonly AccountRow[],
    request: ChargeReportRequest,
    period: Period,
    rates: readonly VatRate[],
    fees: Fees,
  ) {
    for (const account of accounts) yield await accountReport(account, request, period, rates, fees);
  }

  return {
    async build(request, generatedAt) {
      const period = localPeriod(request.from, request.to, timeZone);
      const asked = request.organisationId === null ? null : await source.account(request.organisationId);
      if (request.organisationId !== null && asked === null) return { kind: 'unknown-account' };
      // The fee lines are few (one per licence, or room and month): made once, up front.
      const fees: Fees = {
        licences: await licenceLines(request.organisationId, request.from, request.to),
        rooms: await roomLines(request.organisationId, period),
      };
      const accounts = asked === null ? await accountsActiveIn(period, fees) : [asked];
      const rates = await source.vatRates();
      return {
        kind: 'report',
        report: {
          period,
          generatedAt,
          currency: 'NOK',
          vatRule: changesRate(rates, period) ? VAT_BY_RATE_RULE : VAT_ROUNDING_RULE,
          accounts: accountReports(accounts, request, period, rates, fees),
        },
      };
    },
  };
}

/** An account's fee lines of one kind, in order. */
type FeeLinesByAccount<T extends FeeLine> = Map<string, T[]>;

interface Fees {
  licences: FeeLinesByAccount<LicenceFeeLine>;
  rooms: FeeLinesByAccount<RoomFeeLine>;
}

function byAccount<T extends FeeLine>(lines: ReadonlyArray<{ organisationId: string; line: T }>): FeeLinesByAccount<T> {
  const accounts: FeeLinesByAccount<T> = new Map();
  for (const { organisationId, line } of lines) {
    const account = accounts.get(organisationId);
    if (account) account.push(line);
    else accounts.set(organisationId, [line]);
  }
  return accounts;
}

function sumOf(lines: readonly FeeLine[]): number {
  return lines.reduce((sum, line) => sum + line.amountOre, 0);
}

/** Whether the VAT rate changes within the period (its accounts' invoices then mix rates). */
function changesRate(rates: readonly VatRate[], period: Period): boolean {
  const inForce = vatPeriods(rates, period.startsAt, period.endsAt).map((part) => vatRateInForce(rates, part.startsAt)?.basisPoints);
  return new Set(inForce).size > 1;
}

async function* legLines(rows: AsyncIterable<LegChargeRow>, unmasked: boolean): AsyncIterable<LegChargeRow> {
  if (unmasked) {
    yield* rows;
    return;
  }
  // Each row is a fresh object from the source: masking in place saves a copy per leg.
  for await (const row of rows) {
    row.callerNumber = maskCallerNumber(row.callerNumber);
    yield row;
  }
}
