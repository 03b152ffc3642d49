import { addMonths, compareLocalDates, formatLocalDate, type LocalDate } from './calendar';

/** The longest period a charge report or statistics may cover. */
export const LONGEST_REPORT_MONTHS = 13;

/**
 * Why a report (charges or statistics) cannot cover the local dates
 * `from`..`to` (inclusive), or null: the end may not be before the start, and
 * a period covers at most 13 months (a year and the month before, to compare
 * with) — anything longer is several reports. The limit bounds how long one
 * report keeps a worker and a database snapshot busy.
 */
export function reportPeriodProblem(from: LocalDate, to: LocalDate): string | null {
  if (compareLocalDates(from, to) > 0) return 'must not be before from';
  if (compareLocalDates(to, addMonths(from, LONGEST_REPORT_MONTHS)) >= 0) {
    return `a report covers at most ${LONGEST_REPORT_MONTHS} months: end it before ${formatLocalDate(addMonths(from, LONGEST_REPORT_MONTHS))}`;
  }
  return null;
}
