import type { AccessNumberRecord, AdminUser, ApiToken } from '../ports/admin-stores';

/** Instants leave Kvorum's admin answers (API and command line) as ISO 8601 strings in UTC. */
export const isoInstant = (at: number): string => new Date(at).toISOString();
export const isoInstantOrNull = (at: number | null): string | null => (at === null ? null : isoInstant(at));

/** A user as the admin API returns it and the command line prints it: `active` says whether it may sign in and use its tokens. */
export function userView(user: AdminUser) {
  const { deactivatedAt, ...rest } = user;
  return { ...rest, createdAt: isoInstant(user.createdAt), active: deactivatedAt === null, deactivatedAt: isoInstantOrNull(deactivatedAt) };
}

/** A token as the admin API returns it and the command line prints it: never its secret or hash. */
export function tokenView(token: ApiToken) {
  return {
    ...token,
    createdAt: isoInstant(token.createdAt),
    lastUsedAt: isoInstantOrNull(token.lastUsedAt),
    revokedAt: isoInstantOrNull(token.revokedAt),
  };
}

/** An access number as the admin API returns it and the command line prints it. */
export function accessNumberView(entry: AccessNumberRecord) {
  return {
    number: entry.number,
    internationalNumber: entry.internationalNumber,
    label: entry.label,
    defaultLanguage: entry.defaultLanguage,
    createdAt: isoInstant(entry.createdAt),
    updatedAt: isoInstant(entry.updatedAt),
  };
}
