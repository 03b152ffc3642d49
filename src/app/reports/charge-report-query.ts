import { z } from 'zod';
import { compareLocalDates, parseLocalDate, type LocalDate } from '../../domain/billing/calendar';
import type { ChargeReportRequest } from './charge-report-service';

const flag = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
  .transform((value) => value === true || value === 'true' || value === '1')
  .default(false);

const localDate = z
  .string()
  .transform((text, context): LocalDate => {
    const date = parseLocalDate(text);
    if (date === null) {
      context.addIssue({ code: 'custom', message: 'must be a date YYYY-MM-DD' });
      return z.NEVER;
    }
    return date;
  });

/**
 * The options of a charge report, as the CLI flags and the HTTP query string
 * name them: from, to (inclusive local dates), account, format, legs,
 * separator, unmasked.
 */
export const ChargeReportQuerySchema = z
  .strictObject({
    from: localDate,
    to: localDate,
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
