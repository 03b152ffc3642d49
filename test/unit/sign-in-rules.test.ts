import { describe, expect, it } from 'vitest';
import { afterFailure, DEFAULT_ACCOUNT_LOCKOUT_LIMITS, nextTryAt } from '../../src/domain/access/failed-authentications';
import { passwordRefusal } from '../../src/domain/access/password-policy';
import { resetCodeExpiresAt, resetCodeUsable } from '../../src/domain/access/password-reset';
import { afterUse, DEFAULT_SESSION_LIMITS, newSessionTimes, sessionEndsAt, sessionStanding } from '../../src/domain/access/session-expiry';
import type { RecentFailures } from '../../src/domain/access/recent-failures';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const AT = Date.UTC(2026, 2, 2, 9, 0, 0);

describe('password policy', () => {
  it('takes a passphrase of 12 characters or more, counted as characters, not bytes', () => {
    expect(passwordRefusal('correct horse', 'ulf@acme.example')).toBeNull();
    expect(passwordRefusal('ærlig øl på å', null)).toBeNull();
    expect(passwordRefusal('🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉x', null)).toBeNull();
    expect(passwordRefusal('elevenchars', null)).toEqual({ reason: 'too-short', limit: 12 });
    expect(passwordRefusal('🎉'.repeat(5) + 'abcdef', null)).toEqual({ reason: 'too-short', limit: 12 });
    expect(passwordRefusal('x'.repeat(1025) + 'y', null)).toEqual({ reason: 'too-long', limit: 1024 });
  });

  it('refuses the e-mail address, its name part and one character repeated', () => {
    expect(passwordRefusal(' Ulf.Berg@Acme.example', 'ulf.berg@acme.example')).toEqual({ reason: 'is-email' });
    expect(passwordRefusal('firstname.lastname', 'firstname.lastname@acme.example')).toEqual({ reason: 'is-email' });
    expect(passwordRefusal('firstname.lastname!', 'firstname.lastname@acme.example')).toBeNull();
    expect(passwordRefusal('            ', null)).toEqual({ reason: 'one-character' });
    expect(passwordRefusal('AAAAaaaaAAAAaaaa', null)).toEqual({ reason: 'one-character' });
  });

  it('compares in NFC: an å typed as a + ring counts once', () => {
    expect(passwordRefusal('a\u030a'.repeat(11) + 'b', null)).toBeNull();
    expect(passwordRefusal('a\u030a'.repeat(6) + 'bcdef', null)).toEqual({ reason: 'too-short', limit: 12 });
  });
});

describe('account lock-out (the failed-authentication rule, 5 in 15 minutes)', () => {
  function failures(...minutes: number[]): RecentFailures {
    return minutes.reduce<RecentFailures>(
      (recent, minute) => afterFailure(recent, AT + minute * MINUTE, DEFAULT_ACCOUNT_LOCKOUT_LIMITS),
      [],
    );
  }

  it('4 wrong passwords leave the account open; the 5th locks it until the first is 15 minutes old', () => {
    expect(nextTryAt(failures(0, 1, 2, 3), AT + 4 * MINUTE, DEFAULT_ACCOUNT_LOCKOUT_LIMITS)).toBeNull();
    expect(nextTryAt(failures(0, 1, 2, 3, 4), AT + 4 * MINUTE, DEFAULT_ACCOUNT_LOCKOUT_LIMITS)).toBe(AT + 15 * MINUTE);
    expect(nextTryAt(failures(0, 0, 0, 0, 0), AT, DEFAULT_ACCOUNT_LOCKOUT_LIMITS)).toBe(AT + 15 * MINUTE);
  });

  it('failures spread over more than 15 minutes never lock; only the newest 5 are kept', () => {
    const spread = failures(0, 4, 8, 12, 16, 20, 24);
    expect(nextTryAt(spread, AT + 24 * MINUTE, DEFAULT_ACCOUNT_LOCKOUT_LIMITS)).toBeNull();
    expect(spread.length).toBeLessThanOrEqual(5);
  });
});

describe('session expiry', () => {
  const limits = DEFAULT_SESSION_LIMITS;

  it('a new session ends after an hour unused, and 12 hours after sign-in at the latest', () => {
    const times = newSessionTimes(AT, limits);
    expect(times).toEqual({ createdAt: AT, lastSeenAt: AT, idleExpiresAt: AT + HOUR, expiresAt: AT + 12 * HOUR });
    expect(sessionStanding(times, AT + HOUR - 1)).toBe('active');
    expect(sessionStanding(times, AT + HOUR)).toBe('idle-expired');
    expect(sessionEndsAt(times)).toBe(AT + HOUR);
  });

  it('use moves the idle expiry on, recorded at most once a minute, never past the absolute expiry', () => {
    const times = newSessionTimes(AT, limits);
    expect(afterUse(times, AT + MINUTE - 1, limits)).toBeNull();
    const used = afterUse(times, AT + 30 * MINUTE, limits)!;
    expect(used.idleExpiresAt).toBe(AT + 90 * MINUTE);
    const late = afterUse({ ...times, lastSeenAt: AT + 11 * HOUR }, AT + 11.5 * HOUR, limits)!;
    expect(late.idleExpiresAt).toBe(AT + 12 * HOUR);
    expect(sessionStanding(late, AT + 12 * HOUR)).toBe('expired');
  });
});

describe('reset codes', () => {
  it('work once, for 24 hours', () => {
    const expiresAt = resetCodeExpiresAt(AT);
    expect(expiresAt).toBe(AT + 24 * HOUR);
    expect(resetCodeUsable({ expiresAt, usedAt: null }, expiresAt - 1)).toBe(true);
    expect(resetCodeUsable({ expiresAt, usedAt: null }, expiresAt)).toBe(false);
    expect(resetCodeUsable({ expiresAt, usedAt: AT + MINUTE }, AT + 2 * MINUTE)).toBe(false);
  });
});
