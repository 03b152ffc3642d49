import { formatLocalDate, localInstantFormatter } from '../../domain/billing/calendar';
import { formatOreAsNok } from '../../domain/billing/money';
import { formatVatPercent, VAT_BY_RATE_RULE, vatLines } from '../../domain/billing/vat';
import type { AccountChargeReport, ChargeReport } from './charge-report';
import { csvRecord, type CsvSeparator } from './csv';
import { bufferedWriter, type TextSink } from './text-sink';

/**
 * One rectangular table, so any RFC 4180 reader takes it: a header row, then
 * per account its meeting lines, leg lines (on request), licence and room
 * fee lines, adjustment lines and total lines, told apart by `record`.
 * `start`/`end` are the meeting's start and end, a leg's joined and left, a
 * fee's first and last day, an adjustment's effective instant.
 * Amounts are NOK with a decimal point; a leg's amount is
 * charged_seconds × rate_ore_per_minute / 60 øre, rounded half-up. Text
 * cells that a spreadsheet would run as a formula start with a `'`
 * (csv.ts); the number columns are plain numbers.
 */
const CHARGE_REPORT_CSV_COLUMNS = [
  'record',
  'account_id',
  'billing_reference',
  'period_from',
  'period_to',
  'meeting_id',
  'conference',
  'leg_id',
  'role',
  'caller_number',
  'dialled_number',
  'start',
  'end',
  'estimated',
  'participants',
  'seconds',
  'charged_seconds',
  'charged_minutes',
  'rate_ore_per_minute',
  'rounding',
  'amount_nok',
  'note',
] as const;

type ChargeReportCsvColumn = (typeof CHARGE_REPORT_CSV_COLUMNS)[number];

const COLUMN_INDEX = Object.fromEntries(CHARGE_REPORT_CSV_COLUMNS.map((column, index) => [column, index])) as Record<
  ChargeReportCsvColumn,
  number
>;

/** The columns Kvorum fills with numbers it formatted; every other column is text and neutralised (see csv.ts). */
const NUMBER_COLUMNS: ReadonlySet<number> = new Set(
  (['participants', 'seconds', 'charged_seconds', 'charged_minutes', 'rate_ore_per_minute', 'amount_nok'] as const).map(
    (column) => COLUMN_INDEX[column],
  ),
);

export interface CsvOptions {
  separator: CsvSeparator;
}

export async function writeChargeReportCsv(report: ChargeReport, sink: TextSink, options: CsvOptions): Promise<void> {
  const out = bufferedWriter(sink);
  const formatInstant = localInstantFormatter(report.period.timeZone);
  const periodFrom = formatLocalDate(report.period.from);
  const periodTo = formatLocalDate(report.period.to);
  out.write(csvRecord(CHARGE_REPORT_CSV_COLUMNS, options.separator));
  for await (const account of report.accounts) await writeAccount(account);
  out.flush();

  async function writeAccount(account: AccountChargeReport): Promise<void> {
    const accountFields = new Array<string>(CHARGE_REPORT_CSV_COLUMNS.length).fill('');
    accountFields[COLUMN_INDEX.account_id] = account.account.organisationId;
    accountFields[COLUMN_INDEX.billing_reference] = account.account.billingReference;
    accountFields[COLUMN_INDEX.period_from] = periodFrom;
    accountFields[COLUMN_INDEX.period_to] = periodTo;
    const line = (record: string, fields: Partial<Record<ChargeReportCsvColumn, string>>) => {
      const values = accountFields.slice();
      values[COLUMN_INDEX.record] = record;
      for (const column in fields) values[COLUMN_INDEX[column as ChargeReportCsvColumn]] = fields[column as ChargeReportCsvColumn] ?? '';
      out.write(csvRecord(values, options.separator, NUMBER_COLUMNS));
    };
    for await (const meeting of account.meetings) {
      line('meeting', {
        meeting_id: meeting.meetingId,
        conference: meeting.conferenceName,
        start: formatInstant(meeting.startedAt),
        end: meeting.endedAt === null ? '' : formatInstant(meeting.endedAt),
        participants: String(meeting.participants),
        seconds: String(meeting.realSeconds),
        charged_seconds: String(meeting.chargedSeconds),
        charged_minutes: formatMinutes(meeting.chargedSeconds),
        amount_nok: formatOreAsNok(meeting.amountOre),
      });
    }
    for await (const leg of account.legs ?? []) {
      line('leg', {
        meeting_id: leg.meetingId,
        leg_id: leg.legId,
        role: leg.role,
        caller_number: leg.callerNumber ?? '',
        dialled_number: leg.dialledNumber,
        start: formatInstant(leg.joinedAt),
        end: formatInstant(leg.leftAt),
        estimated: leg.estimated ? 'yes' : 'no',
        seconds: String(leg.realSeconds),
        charged_seconds: String(leg.chargedSeconds),
        charged_minutes: formatMinutes(leg.chargedSeconds),
        rate_ore_per_minute: String(leg.rateOrePerMinute),
        rounding: leg.rounding,
        amount_nok: formatOreAsNok(leg.amountOre),
      });
    }
    for await (const licence of account.licences) {
      line('licence', {
        start: licence.from,
        end: licence.to,
        amount_nok: formatOreAsNok(licence.amountOre),
        note: `${licence.planName} licence of ${licence.userName} (${licence.licenceId}): ${licence.days} days at ${formatOreAsNok(licence.priceOrePerYear)} NOK a year`,
      });
    }
    for await (const room of account.rooms) {
      line('room', {
        conference: room.conferenceName,
        start: room.from,
        end: room.to,
        amount_nok: formatOreAsNok(room.amountOre),
        note: `${room.roomType} room (${room.conferenceId}): ${room.days} days at ${formatOreAsNok(room.priceOrePerMonth)} NOK a month`,
      });
    }
    for (const adjustment of account.adjustments) {
      line('adjustment', {
        meeting_id: adjustment.meetingId ?? '',
        leg_id: adjustment.legId ?? '',
        start: formatInstant(adjustment.effectiveAt),
        amount_nok: formatOreAsNok(adjustment.amountOre),
        note: `${adjustment.reason} (by ${adjustment.createdBy})`,
      });
    }
    const totals = account.totals;
    line('total', {
      participants: String(totals.participants),
      seconds: String(totals.realSeconds),
      charged_seconds: String(totals.chargedSeconds),
      charged_minutes: formatMinutes(totals.chargedSeconds),
      amount_nok: formatOreAsNok(totals.chargesOre),
      note: 'leg charges',
    });
    line('total', { amount_nok: formatOreAsNok(totals.licenceFeesOre), note: 'licence fees' });
    line('total', { amount_nok: formatOreAsNok(totals.roomFeesOre), note: 'room fees' });
    line('total', { amount_nok: formatOreAsNok(totals.adjustmentsOre), note: 'adjustments' });
    line('total', { amount_nok: formatOreAsNok(totals.totalExclVatOre), note: 'total excl. VAT' });
    // One line per VAT rate: one for nearly every invoice; across a rate change each names the base it is on.
    const vat = vatLines(totals);
    const rule = vat.length > 1 ? VAT_BY_RATE_RULE : report.vatRule;
    for (const { vatRateBasisPoints, baseOre, vatOre } of vat) {
      const on = vat.length > 1 ? ` on ${formatOreAsNok(baseOre)}` : '';
      line('total', { amount_nok: formatOreAsNok(vatOre), note: `VAT ${formatVatPercent(vatRateBasisPoints)} %${on}: ${rule}` });
    }
    line('total', { amount_nok: formatOreAsNok(totals.totalInclVatOre), note: 'total incl. VAT' });
  }
}

/** Whole minutes as an integer; per-second charges to two decimals. */
function formatMinutes(chargedSeconds: number): string {
  return chargedSeconds % 60 === 0 ? String(chargedSeconds / 60) : (chargedSeconds / 60).toFixed(2);
}
