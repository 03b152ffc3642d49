/** `YYYY-MM-DD` of a day in Oslo (the API counts calendar days there). */
function osloDate(instant: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

export interface PeriodValue {
  from: string;
  to: string;
}

/** From the first of this month to today, as the charge reports' periods are written. */
export function thisMonthSoFar(now = new Date()): PeriodValue {
  const today = osloDate(now);
  return { from: `${today.slice(0, 8)}01`, to: today };
}
