import { z } from 'zod';
import type { CsvSeparator } from './csv';
import type { ChargeReportRequest } from './charge-report-builder';
import { checkReportPeriod, reportPeriodFields } from './report-period-schema';

const flag = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
  .transform((value) => value === true || value === 'true' || value === '1')
  .default(false);

/**
 * The options of a charge report, as the CLI flags and the HTTP query string
 * name them: from, to (inclusive local dates), account, format, legs,
 * separator, unmasked.
 */
export const ChargeReportQuerySchema = z
  .strictObject({
    ...reportPeriodFields,
    account: z.string().min(1).optional(),
    format: z.enum(['csv', 'json']).default('csv'),
    legs: flag,
    separator: z.enum([',', ';']).default(','),
    unmasked: flag,
  })
  .superRefine(checkReportPeriod);

export type ChargeReportFormat = 'csv' | 'json';

export interface ChargeReportQuery {
  request: ChargeReportRequest;
  format: ChargeReportFormat;
  separator: CsvSeparator;
}

export function toChargeReportQuery(parsed: z.infer<typeof ChargeReportQuerySchema>): ChargeReportQuery {
  return {
    request: {
      from: parsed.from,
      to: parsed.to,
      organisationId: parsed.account ?? null,
      includeLegs: parsed.legs,
      unmaskedCallers: parsed.unmasked,
    },
    format: parsed.format,
    separator: parsed.separator,
  };
}
