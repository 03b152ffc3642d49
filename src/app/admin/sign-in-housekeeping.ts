import type { SignInStores } from '../ports/sign-in-stores';

/**
 * Forgets what can no longer sign anyone in: sessions signed out, revoked or
 * expired, and reset codes used or expired. Neither is read again once ended
 * (an ended session's cookie and a spent code get the same answer as an
 * unknown one), and keeping them would grow the tables with every sign-in.
 * Run by the periodic housekeeping beside the mail outbox.
 */
export async function pruneEndedSignIns(
  stores: Pick<SignInStores, 'sessions' | 'passwords'>,
  at: number,
): Promise<{ sessions: number; resetCodes: number }> {
  return { sessions: await stores.sessions.pruneEnded(at), resetCodes: await stores.passwords.pruneResetCodes(at) };
}
