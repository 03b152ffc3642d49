import { z } from 'zod';
import { reportPeriodProblem } from '../../domain/billing/report-period';
import { localDateSchema } from '../billing/local-date-schema';

/**
 * The period of a charge report or of statistics, as the CLI flags and the
 * HTTP query strings take it: `from` and `to`, local dates, both inclusive,
 * in order and at most 13 months apart (the domain's rule, reported on `to`).
 */
export const reportPeriodFields = { from: localDateSchema, to: localDateSchema };

export function checkReportPeriod(period: z.output<z.ZodObject<typeof reportPeriodFields>>, context: z.RefinementCtx): void {
  const problem = reportPeriodProblem(period.from, period.to);
  if (problem !== null) context.addIssue({ code: 'custom', path: ['to'], message: problem });
}
