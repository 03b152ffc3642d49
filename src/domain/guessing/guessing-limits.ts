/**
 * The limits on guessing conference codes, beyond the tries allowed in one
 * call. Failed code entries (a code typed and not found) are counted in
 * sliding windows per caller number, per access number and across the
 * service; calls in code entry at once are capped per caller number and per
 * access number.
 */
export interface GuessingLimits {
  /** Length of the sliding window in which failures are counted. */
  windowMs: number;
  /** Failures from one caller number within the window before that number is refused. */
  maxFailuresPerCaller: number;
  /** How long a caller number (or the anonymous bucket) is refused once it reached its limit. */
  callerBlockMs: number;
  /** Callers who withhold their number: let them in (rate-limited together as one bucket) or refuse them. */
  anonymousCallers: AnonymousCallers;
  /** Failures from all anonymous callers together within the window before anonymous calls are refused. */
  maxFailuresAnonymous: number;
  /** Failures on one access number within the window that count as a spike: alarm and slow down. */
  spikeFailuresPerAccessNumber: number;
  /** Failures across the whole service within the window that count as a spike: alarm and slow down. */
  spikeFailuresService: number;
  /** During a spike, the added wait before a caller hears that the code was wrong. */
  spikeSlowdownMs: number;
  /** During a spike, how long a new call rings, unanswered, before the caller may type a code. */
  spikeArrivalWaitMs: number;
  /** Calls from one caller number in code entry at once (waiting to type included); more are refused. */
  maxCodeEntryCallsPerCaller: number;
  /** Calls of all anonymous callers together in code entry at once. */
  maxCodeEntryCallsAnonymous: number;
  /** Calls on one access number in code entry at once. */
  maxCodeEntryCallsPerAccessNumber: number;
}

export const anonymousCallerPolicies = ['allow', 'refuse'] as const;
export type AnonymousCallers = (typeof anonymousCallerPolicies)[number];

const HOUR_MS = 60 * 60_000;

/**
 * Defaults, reasoned in docs/security.md: an honest caller who mistypes three
 * times in each of three calls is still let in; a guesser gets 10 tries an hour
 * per number; five colleagues behind one switchboard number may dial in at
 * once; during a spike a guesser pays at least the arrival wait per call,
 * whether or not they hang up.
 */
export const defaultGuessingLimits: GuessingLimits = {
  windowMs: HOUR_MS,
  maxFailuresPerCaller: 10,
  callerBlockMs: HOUR_MS,
  anonymousCallers: 'allow',
  maxFailuresAnonymous: 30,
  spikeFailuresPerAccessNumber: 100,
  spikeFailuresService: 300,
  spikeSlowdownMs: 5_000,
  spikeArrivalWaitMs: 10_000,
  maxCodeEntryCallsPerCaller: 5,
  maxCodeEntryCallsAnonymous: 10,
  maxCodeEntryCallsPerAccessNumber: 100,
};
