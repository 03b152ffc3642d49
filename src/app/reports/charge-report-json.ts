import { formatLocalDate, localInstantFormatter } from '../../domain/billing/calendar';
import type { ChargeReport } from './charge-report';
import { bufferedWriter, type TextSink } from './text-sink';

/**
 * The report as one JSON document, streamed. Amounts are integer øre
 * (`…Ore`), instants local ISO 8601 with offset, durations in seconds.
 * Shape: { period, generatedAt, currency, vatRule, accounts: [{ account,
 * meetings, legs? , licences, rooms, adjustments, totals }] }.
 */
export function writeChargeReportJson(report: ChargeReport, sink: TextSink): void {
  const out = bufferedWriter(sink);
  const formatInstant = localInstantFormatter(report.period.timeZone);
  const head = {
    period: {
      from: formatLocalDate(report.period.from),
      to: formatLocalDate(report.period.to),
      timeZone: report.period.timeZone,
      startsAt: formatInstant(report.period.startsAt),
      endsAt: formatInstant(report.period.endsAt),
    },
    generatedAt: formatInstant(report.generatedAt),
    currency: report.currency,
    vatRule: report.vatRule,
  };
  out.write(`${JSON.stringify(head).slice(0, -1)},"accounts":[`);
  let firstAccount = true;
  for (const account of report.accounts) {
    if (!firstAccount) out.write(',');
    firstAccount = false;
    out.write(`{"account":${JSON.stringify(account.account)},"meetings":`);
    // An array written element by element is the text JSON.stringify gives the whole array.
    writeArray(account.meetings, (meeting) => ({
      ...meeting,
      startedAt: formatInstant(meeting.startedAt),
      endedAt: meeting.endedAt === null ? null : formatInstant(meeting.endedAt),
    }));
    if (account.legs !== null) {
      out.write(',"legs":');
      writeArray(account.legs, (leg) => ({ ...leg, joinedAt: formatInstant(leg.joinedAt), leftAt: formatInstant(leg.leftAt) }));
    }
    out.write(',"licences":');
    writeArray(account.licences, (line) => line);
    out.write(',"rooms":');
    writeArray(account.rooms, (line) => line);
    const adjustments = account.adjustments.map((adjustment) => ({
      ...adjustment,
      effectiveAt: formatInstant(adjustment.effectiveAt),
      createdAt: formatInstant(adjustment.createdAt),
    }));
    out.write(`,"adjustments":${JSON.stringify(adjustments)},"totals":${JSON.stringify(account.totals)}}`);
  }
  out.write(']}');
  out.flush();

  function writeArray<T>(items: Iterable<T>, shape: (item: T) => unknown): void {
    out.write('[');
    let first = true;
    for (const item of items) {
      if (!first) out.write(',');
      first = false;
      out.write(JSON.stringify(shape(item)));
    }
    out.write(']');
  }
}
