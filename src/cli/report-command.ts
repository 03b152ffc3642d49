import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ChargeReportQuerySchema, toChargeReportQuery } from '../app/reports/charge-report-query';
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
 * KVORUM_TIME_ZONE, at most 13 months) to standard output or into --output
 * FILE, as a report worker makes it and at the pace it is written: a month
 * of a million legs is never held in memory, and the CSV keeps its CRLF line
 * ends either way.
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

  await withServices(context, config, { hashesCodes: false }, async ({ chargeReports }) => {
    const run = await chargeReports.run(query);
    if (run.kind === 'unknown-account') throw new UsageError('--account: no such account');
    if (output === undefined) {
      for await (const chunk of run.chunks) await context.write(chunk);
    } else {
      await pipeline(Readable.from(run.chunks), createWriteStream(output));
    }
  });
}
