import { formatLocalDate, localInstantFormatter } from '../../domain/billing/calendar';
import type { ChargeReport } from './charge-report';
import { bufferedWriter, type TextSink } from './text-sink';

/**
 * The report as one JSON document, streamed. Amounts are integer øre
 * (`…Ore`), instants local ISO 8601 with offset, durations in seconds.
 * Shape: { period, generatedAt, currency, vatRule, accounts: [{ account,
 * meetings, legs? , licences, rooms, adjustments, totals }] }.
 */
export async function writeChargeReportJson(report: ChargeReport, sink: TextSink): Promise<void> {
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
  for await (const account of report.accounts) {
    if (!firstAccount) out.write(',');
    firstAccount = false;
    out.write(`{"account":${JSON.stringify(account.account)},"meetings":`);
    // An array written element by element is the text JSON.stringify gives the whole array.
    await writeArray(account.meetings, (meeting) => ({
      ...meeting,
      startedAt: formatInstant(meeting.startedAt),
      endedAt: meeting.endedAt === null ? null : formatInstant(meeting.endedAt),
    }));
    if (account.legs !== null) {
      out.write(',"legs":');
      await writeArray(account.legs, (leg) => ({ ...leg, joinedAt: formatInstant(leg.joinedAt), leftAt: formatInstant(leg.leftAt) }));
    }
    out.write(',"licences":');
    await writeArray(account.licences, (line) => line);
    out.write(',"rooms":');
    await writeArray(account.rooms, (line) => line);
    const adjustments = account.adjustments.map((adjustment) => ({
      ...adjustment,
      effectiveAt: formatInstant(adjustment.effectiveAt),
      createdAt: formatInstant(adjustment.createdAt),
    }));
    out.write(`,"adjustments":${JSON.stringify(adjustments)},"totals":${JSON.stringify(account.totals)}}`);
  }
  out.write(']}');
  out.flush();

  async function writeArray<T>(items: AsyncIterable<T>, shape: (item: T) => unknown): Promise<void> {
    out.write('[');
    let first = true;
    for await (const item of items) {
      if (!first) out.write(',');
      first = false;
      out.write(JSON.stringify(shape(item)));
    }
    out.write(']');
  }
}
