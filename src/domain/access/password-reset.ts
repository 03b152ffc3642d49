/**
 * A reset code sets a user's password once. It is valid for 24 hours from
 * issue (time for an admin to hand it over by phone or chat, not for it to
 * lie around), used once, and only the newest one a user was issued works:
 * issuing a new code retires the older ones.
 */
export const RESET_CODE_VALID_MS = 24 * 60 * 60_000;

export interface ResetCodeState {
  expiresAt: number;
  usedAt: number | null;
}

export function resetCodeExpiresAt(issuedAt: number): number {
  return issuedAt + RESET_CODE_VALID_MS;
}

/** Whether the code may still set a password at `at`. */
export function resetCodeUsable(code: ResetCodeState, at: number): boolean {
  return code.usedAt === null && at < code.expiresAt;
}
