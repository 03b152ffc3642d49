import { randomInt } from 'node:crypto';
import { passwordRefusal, passwordRefusalText } from '../../domain/access/password-policy';
import { signInEmailKey } from '../../domain/access/sign-in-email';
import { resetCodeExpiresAt, resetCodeUsable } from '../../domain/access/password-reset';
import type { Clock } from '../ports/clock-and-ids';
import type { PasswordStore } from '../ports/sign-in-stores';
import { AdminError } from './admin-error';
import { hashTokenSecret } from './api-tokens';
import type { PasswordHasher } from './password-hashing';
import { isLocalOperator, mayIssueTokenFor, type Principal } from './roles';
import type { UsersService } from './users-service';

export interface PasswordsService {
  /**
   * A one-time code with which the user sets its password; returned here and
   * never again. Whoever may manage the user may issue one, within the token
   * rule: a code lets its holder become the user, like a token. Not for a
   * deactivated user (409): it could not sign in with the password.
   */
  issueResetCode(principal: Principal, userId: string): Promise<{ resetCode: string; expiresAt: number }>;
  /**
   * Sets the password of the user `email` belongs to with a code issued for
   * it, and ends every session of that user. 'invalid-code' for an unknown,
   * used or expired code, one of another user or of a deactivated user (one answer for all); a weak
   * password is refused (`invalid`, field `newPassword`) and leaves the code usable.
   */
  setPasswordWithCode(input: { email: string; resetCode: string; newPassword: string }): Promise<'done' | 'invalid-code'>;
}

/** Crockford's base32: no I, L, O or U, so a code read aloud or retyped is not mistaken. */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 16 characters of 32: 80 random bits, typed in four groups of four. */
const CODE_LENGTH = 16;

function generateResetCode(): string {
  const characters = Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]);
  return characters.join('').replace(/(.{4})(?!$)/g, '$1-');
}

/** The code as stored (hashed): upper case, without dashes or spaces, the look-alikes read as Crockford does. */
function hashResetCode(code: string): string {
  const canonical = code.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return hashTokenSecret(canonical);
}

export function createPasswordsService(deps: {
  passwords: PasswordStore;
  users: UsersService;
  hasher: PasswordHasher;
  clock: Pick<Clock, 'now'>;
}): PasswordsService {
  const { passwords, users, hasher, clock } = deps;

  return {
    async issueResetCode(principal, userId) {
      const user = await users.manageable(principal, userId);
      if (!mayIssueTokenFor(principal, user)) {
        throw new AdminError('forbidden', `your role cannot reset the password of another user with role ${user.role}`);
      }
      if (user.deactivatedAt !== null) throw new AdminError('conflict', 'the user is deactivated: reactivate it first');
      if (user.email === null) {
        throw new AdminError('conflict', 'the user has no e-mail address to sign in with: give it one first');
      }
      if ((await passwords.findByEmail(user.email)).length > 1) {
        throw new AdminError('conflict', 'another user has the same e-mail address: people sign in by e-mail, so give each their own');
      }
      const resetCode = generateResetCode();
      const at = clock.now();
      const issued = await passwords.issueResetCode(
        {
          userId: user.id,
          codeHash: hashResetCode(resetCode),
          issuedBy: isLocalOperator(principal) ? { via: 'command-line' } : { via: 'api', userId: principal.userId },
          expiresAt: resetCodeExpiresAt(at),
        },
        at,
      );
      return { resetCode, expiresAt: issued.expiresAt };
    },

    async setPasswordWithCode({ email, resetCode, newPassword }) {
      const found = await passwords.findResetCode(hashResetCode(resetCode));
      const user = found?.user ?? null;
      if (!found || user?.email == null || user.deactivatedAt !== null || !resetCodeUsable(found.code, clock.now())) return 'invalid-code';
      if (signInEmailKey(user.email) !== signInEmailKey(email)) return 'invalid-code';
      const refusal = passwordRefusal(newPassword, user.email);
      if (refusal !== null) throw new AdminError('invalid', passwordRefusalText(refusal), 'newPassword', undefined, refusal);
      const password = await hasher.hash(newPassword);
      const done = await passwords.resetPassword(
        { codeId: found.code.id, userId: user.id, password, emailKey: signInEmailKey(user.email) },
        clock.now(),
      );
      return done ? 'done' : 'invalid-code';
    },
  };
}
