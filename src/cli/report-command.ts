import { closeSync, openSync, writeSync } from 'node:fs';
import { ChargeReportQuerySchema, toChargeReportQuery } from '../app/reports/charge-report-query';
import type { TextSink } from '../app/reports/text-sink';
import { writeChargeReport } from '../app/reports/write-charge-report';
import { isValidTimeZone } from '../domain/billing/calendar';
import { loadCliConfig, withServices } from './cli-database';
import { type CommandContext, commandGroup, UsageError } from './command-group';
import { parseOptions } from './parse-options';

export const reportCommand = commandGroup(
  [
    'report charges --from YYYY-MM-DD --to YYYY-MM-DD [--account ID] [--format csv|json] [--legs] ' +
      "[--separator ';'] [--unmasked] [--output FILE]",
  ],
  { charges: chargesReport },
  'report',
);

/**
 * Streams the charge report of the period (local dates, both inclusive, in
 * KVORUM_TIME_ZONE) to standard output or into --output FILE, as it is made:
 * a month of a million legs is never held in memory, and the CSV keeps its
 * CRLF line ends either way.
 */
async function chargesReport(args: string[], context: CommandContext): Promise<void> {
  const options = parseOptions(args, {
    from: { type: 'string' },
    to: { type: 'string' },
    account: { type: 'string' },
    format: { type: 'string' },
    legs: { type: 'boolean' },
    separator: { type: 'string' },
    unmasked: { type: 'boolean' },
    output: { type: 'string' },
  });
  const { output, ...reportOptions } = options;
  const parsed = ChargeReportQuerySchema.safeParse(reportOptions);
  if (!parsed.success) {
    throw new UsageError(parsed.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('; '));
  }
  const query = toChargeReportQuery(parsed.data);
  const config = loadCliConfig(context.env);
  if (!isValidTimeZone(config.timeZone)) throw new UsageError(`KVORUM_TIME_ZONE: unknown time zone ${config.timeZone}`);

  await withServices(context, config, { hashesCodes: false }, ({ chargeReports }) => {
    const outcome = chargeReports.build(query.request);
    if (outcome.kind === 'unknown-account') throw new UsageError('--account: no such account');
    const write = (sink: TextSink) => writeChargeReport(outcome.report, query.format, sink, query);
    if (output === undefined) {
      write(context.write);
      return;
    }
    const file = openSync(output, 'w');
    try {
      write((chunk) => writeSync(file, chunk));
    } finally {
      closeSync(file);
    }
  });
}
