import { z } from 'zod';
import { compareLocalDates } from '../../domain/billing/calendar';
import { localDateSchema } from '../billing/local-date-schema';
import type { ChargeReportRequest } from './charge-report-service';

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
    from: localDateSchema,
    to: localDateSchema,
    account: z.string().min(1).optional(),
    format: z.enum(['csv', 'json']).default('csv'),
    legs: flag,
    separator: z.enum([',', ';']).default(','),
    unmasked: flag,
  })
  .refine((query) => compareLocalDates(query.from, query.to) <= 0, {
    path: ['to'],
    message: 'must not be before from',
  });

export type ChargeReportFormat = 'csv' | 'json';

export interface ChargeReportQuery {
  request: ChargeReportRequest;
  format: ChargeReportFormat;
  separator: ',' | ';';
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
