import { describe, expect, it } from 'vitest';
import {
  bucketKey,
  callerBucket,
  checkLoad,
  judgeFailure,
  maySubmit,
  screenArrival,
  standingQuery,
  type FailureStanding,
  type Standing,
} from '../../src/domain/guessing/guessing-rules';
import { defaultGuessingLimits, type GuessingLimits } from '../../src/domain/guessing/guessing-limits';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const AT = Date.UTC(2026, 0, 5, 9, 0, 0);
const ACCESS = '4721000000';

const limits: GuessingLimits = {
  ...defaultGuessingLimits,
  windowMs: HOUR,
  maxFailuresPerCaller: 3,
  callerBlockMs: 30 * MINUTE,
  maxFailuresAnonymous: 5,
  spikeFailuresPerAccessNumber: 6,
  spikeFailuresService: 10,
  spikeSlowdownMs: 4_000,
  spikeArrivalWaitMs: 8_000,
  maxCodeEntryCallsPerCaller: 2,
  maxCodeEntryCallsAnonymous: 4,
  maxCodeEntryCallsPerAccessNumber: 20,
};

const number = callerBucket('+4790000001');
const anonymous = callerBucket(null);
const quiet: Standing = { blockedUntil: null, callerFailures: 0, accessNumberFailures: 0, serviceFailures: 0 };
const failed = (standing: Partial<FailureStanding>): FailureStanding => ({
  ...quiet,
  callerFailures: 1,
  accessNumberFailures: 1,
  serviceFailures: 1,
  lastAlarmAt: { accessNumber: null, service: null },
  ...standing,
});

describe('the bucket a caller is counted in', () => {
  it('is the normalised number, however the carrier presents it', () => {
    const keys = ['+4790000001', '004790000001', '4790000001', '90000001'].map((presented) => bucketKey(callerBucket(presented)));
    expect(new Set(keys)).toEqual(new Set(['number:+4790000001']));
  });

  it('is one shared bucket for every caller who withholds the number', () => {
    expect(bucketKey(callerBucket(null))).toBe('anonymous');
    expect(bucketKey(callerBucket('anonymous'))).toBe('anonymous');
  });
});

describe('what the store is asked', () => {
  it('covers the window that ends now and counts each scope only up to its limit', () => {
    expect(standingQuery(limits, number, ACCESS, AT)).toEqual({
      bucket: 'number:+4790000001',
      accessNumber: ACCESS,
      since: AT - HOUR,
      at: AT,
      countUpTo: { caller: 3, accessNumber: 6, service: 10 },
      alarmScopes: { accessNumber: `access-number:${ACCESS}`, service: 'service' },
    });
    expect(standingQuery(limits, anonymous, ACCESS, AT).countUpTo.caller).toBe(5);
  });
});

describe('calls in code entry at once', () => {
  it('are capped per caller number: one call too many is refused', () => {
    expect(checkLoad(limits, number, { fromCaller: 1, onAccessNumber: 1 })).toBeNull();
    expect(checkLoad(limits, number, { fromCaller: 2, onAccessNumber: 2 })).toEqual({
      kind: 'refused',
      reason: 'too-many-calls',
      scope: 'caller',
      limit: 2,
    });
  });

  it('are capped for anonymous callers together, with their own cap', () => {
    expect(checkLoad(limits, anonymous, { fromCaller: 3, onAccessNumber: 3 })).toBeNull();
    expect(checkLoad(limits, anonymous, { fromCaller: 4, onAccessNumber: 4 })).toMatchObject({ scope: 'caller', limit: 4 });
  });

  it('are capped per access number, whoever calls', () => {
    expect(checkLoad(limits, number, { fromCaller: 0, onAccessNumber: 19 })).toBeNull();
    expect(checkLoad(limits, number, { fromCaller: 0, onAccessNumber: 20 })).toEqual({
      kind: 'refused',
      reason: 'too-many-calls',
      scope: 'access-number',
      limit: 20,
    });
  });

  it('do not matter to anonymous callers when the configuration refuses them anyway', () => {
    expect(checkLoad({ ...limits, anonymousCallers: 'refuse' }, anonymous, { fromCaller: 0, onAccessNumber: 0 })).toEqual({
      kind: 'refused',
      reason: 'anonymous-not-allowed',
    });
    expect(checkLoad({ ...limits, anonymousCallers: 'refuse' }, number, { fromCaller: 0, onAccessNumber: 0 })).toBeNull();
  });
});

describe('a call arriving', () => {
  it('may type at once when nothing stands against it', () => {
    expect(screenArrival(limits, number, quiet, AT)).toEqual({ kind: 'allowed', waitMs: 0 });
  });

  it('is refused while its bucket is blocked, and let in once the block has run out', () => {
    const blocked = { ...quiet, blockedUntil: AT + 1 };
    expect(screenArrival(limits, number, blocked, AT)).toEqual({ kind: 'refused', reason: 'blocked', bucket: 'number' });
    expect(screenArrival(limits, anonymous, blocked, AT)).toEqual({ kind: 'refused', reason: 'blocked', bucket: 'anonymous' });
    expect(screenArrival(limits, number, blocked, AT + 1)).toEqual({ kind: 'allowed', waitMs: 0 });
  });

  it('rings for the arrival wait before it may type during a spike on its access number or across the service', () => {
    expect(screenArrival(limits, number, { ...quiet, accessNumberFailures: 5, serviceFailures: 9 }, AT)).toEqual({
      kind: 'allowed',
      waitMs: 0,
    });
    expect(screenArrival(limits, number, { ...quiet, accessNumberFailures: 6 }, AT)).toEqual({ kind: 'allowed', waitMs: 8_000 });
    expect(screenArrival(limits, number, { ...quiet, serviceFailures: 10 }, AT)).toEqual({ kind: 'allowed', waitMs: 8_000 });
  });
});

describe('a code submitted', () => {
  it('is looked up only while the bucket is not blocked', () => {
    expect(maySubmit(null, AT)).toBe(true);
    expect(maySubmit(AT + 1, AT)).toBe(false);
    expect(maySubmit(AT, AT)).toBe(true);
  });
});

describe('a failed code', () => {
  it('lets the call try again below the limit, and the failure that reaches it blocks the number for the block time', () => {
    expect(judgeFailure(limits, number, ACCESS, failed({ callerFailures: 2 }), AT)).toEqual({
      caller: 'may-retry',
      blockUntil: null,
      delayMs: 0,
      alarms: [],
    });
    expect(judgeFailure(limits, number, ACCESS, failed({ callerFailures: 3 }), AT)).toMatchObject({
      caller: 'blocked-now',
      blockUntil: AT + 30 * MINUTE,
    });
  });

  it('from a bucket blocked meanwhile ends the call and does not lengthen the block', () => {
    expect(judgeFailure(limits, number, ACCESS, failed({ callerFailures: 3, blockedUntil: AT + MINUTE }), AT)).toMatchObject({
      caller: 'blocked',
      blockUntil: null,
    });
  });

  it('of anonymous callers counts against their own, larger limit', () => {
    expect(judgeFailure(limits, anonymous, ACCESS, failed({ callerFailures: 4 }), AT).caller).toBe('may-retry');
    expect(judgeFailure(limits, anonymous, ACCESS, failed({ callerFailures: 5 }), AT).caller).toBe('blocked-now');
  });

  it('during a spike waits before "invalid", and raises the alarm of each scope that has not alarmed within the window', () => {
    const spike = failed({ accessNumberFailures: 6, serviceFailures: 10 });
    expect(judgeFailure(limits, number, ACCESS, spike, AT)).toEqual({
      caller: 'may-retry',
      blockUntil: null,
      delayMs: 4_000,
      alarms: [
        { scope: 'access-number', accessNumber: ACCESS, failuresInWindow: 6, previousAlarmAt: null },
        { scope: 'service', failuresInWindow: 10, previousAlarmAt: null },
      ],
    });
  });

  it('raises a spike alarm again only once a whole window has passed since the last one', () => {
    const alarmedAt = AT - HOUR + 1;
    const recently = failed({ accessNumberFailures: 6, lastAlarmAt: { accessNumber: alarmedAt, service: null } });
    expect(judgeFailure(limits, number, ACCESS, recently, AT).alarms).toEqual([]);
    expect(judgeFailure(limits, number, ACCESS, recently, AT + 1).alarms).toEqual([
      { scope: 'access-number', accessNumber: ACCESS, failuresInWindow: 6, previousAlarmAt: alarmedAt },
    ]);
  });
});
