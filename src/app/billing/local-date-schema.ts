import { z } from 'zod';
import { parseLocalDate, type LocalDate } from '../../domain/billing/calendar';

/** A calendar date `YYYY-MM-DD` (in the configured time zone), as the CLI flags and the HTTP API take it. */
export const localDateSchema = z
  .string()
  .transform((text, context): LocalDate => {
    const date = parseLocalDate(text);
    if (date === null) {
      context.addIssue({ code: 'custom', message: 'must be a date YYYY-MM-DD' });
      return z.NEVER;
    }
    return date;
  })
  .meta({ description: 'YYYY-MM-DD in the configured time zone', format: 'date' });
