/**
 * Money and dates as Norwegians read them, whichever language the portal
 * speaks: `1 234,50 kr`, `1. desember 2026` (Intl, locale nb-NO). Amounts
 * arrive in øre, as the API and the ledger keep them; instants as ISO strings.
 * Norwegian groups digits and separates the currency with a no-break space
 * (U+00A0), so a figure never breaks across lines.
 */
const LOCALE = 'nb-NO';
const TIME_ZONE = 'Europe/Oslo';

const money = new Intl.NumberFormat(LOCALE, { style: 'currency', currency: 'NOK', currencyDisplay: 'symbol' });
const day = new Intl.DateTimeFormat(LOCALE, { day: 'numeric', month: 'long', year: 'numeric', timeZone: TIME_ZONE });
const dayAndTime = new Intl.DateTimeFormat(LOCALE, {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: TIME_ZONE,
});
const count = new Intl.NumberFormat(LOCALE);

/** 123450 øre → `1 234,50 kr`. */
export function formatMoney(ore: number): string {
  return money.format(ore / 100);
}

/** `2026-12-01T10:00:00Z` → `1. desember 2026` (the day in Oslo). */
export function formatDate(instant: string | number | Date): string {
  return day.format(new Date(instant));
}

/** `2026-12-01T10:00:00Z` → `1. desember 2026 kl. 11:00` (Oslo time). */
export function formatDateTime(instant: string | number | Date): string {
  return dayAndTime.format(new Date(instant));
}

/** 10000 → `10 000`. */
export function formatCount(value: number): string {
  return count.format(value);
}

/** A calendar day as the API writes it (`2026-12-01`) → `1. desember 2026`. */
export function formatDay(localDate: string): string {
  // Noon UTC is the same calendar day in Oslo, summer or winter.
  return day.format(new Date(`${localDate}T12:00:00Z`));
}

const names = new Intl.Collator(LOCALE);

/** A copy of `items` in Norwegian alphabetical order of `nameOf` (… Z, Æ, Ø, Å; case and accents second), for pickers and lists. */
export function inNorwegianOrder<T>(items: readonly T[], nameOf: (item: T) => string): T[] {
  return [...items].sort((a, b) => names.compare(nameOf(a), nameOf(b)));
}
