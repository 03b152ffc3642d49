/**
 * The conference codes of the benchmark's conferences. The benchmark creates
 * them and its callers type them, so both sides derive them from the
 * conference's number; they are test data, never real secrets.
 */
const CODE_BODY_DIGITS = 7;

export const BENCH_ACCESS_NUMBER = '+4721000000';

export function leaderCode(conference: number): string {
  return `1${String(conference).padStart(CODE_BODY_DIGITS, '0')}`;
}

export function participantCode(conference: number): string {
  return `2${String(conference).padStart(CODE_BODY_DIGITS, '0')}`;
}

/** One conference in this many requires admission: its participants wait in the lobby until a leader's `*8`. */
const ADMISSION_EVERY = 4;

export function requiresAdmission(conference: number): boolean {
  return conference % ADMISSION_EVERY === ADMISSION_EVERY - 1;
}
