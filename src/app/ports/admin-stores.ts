/**
 * The storage the admin services need, as narrow interfaces. The SQLite
 * adapters implement them; nothing here knows about SQL.
 */
import type { CodeRole } from '../../domain/conference/conference-settings';
import type { RoomType } from '../../domain/room-types';
import type { CodeKind } from '../admin/code-kinds';
import type { Role } from '../admin/roles';
import type { MeetingUsage } from '../admin/usage-statistics';

export interface AdminOrganisation {
  id: string;
  name: string;
  /** Organisation number or phone number printed on every charge report. */
  billingReference: string;
  /** The organisation that resells this one; null when sold directly. */
  resellerOrganisationId: string | null;
  createdAt: number;
}

export interface OrganisationStore {
  create(input: { name: string; billingReference: string; resellerOrganisationId: string | null }, at: number): AdminOrganisation;
  get(id: string): AdminOrganisation | null;
  /** Every organisation, or only those with the given ids. */
  list(ids?: ReadonlySet<string>): AdminOrganisation[];
  /** Ids of the organisations resold by `resellerOrganisationId`. */
  resoldBy(resellerOrganisationId: string): string[];
  update(
    id: string,
    patch: Partial<Pick<AdminOrganisation, 'name' | 'billingReference' | 'resellerOrganisationId'>>,
  ): AdminOrganisation | null;
}

export interface AdminUser {
  id: string;
  organisationId: string;
  name: string;
  email: string | null;
  role: Role;
  createdAt: number;
}

export interface UserStore {
  create(input: { organisationId: string; name: string; email: string | null; role: Role }, at: number): AdminUser;
  /** A user that has not been deleted. */
  get(id: string): AdminUser | null;
  list(organisationIds?: ReadonlySet<string>): AdminUser[];
  update(id: string, patch: Partial<Pick<AdminUser, 'name' | 'email' | 'role'>>): AdminUser | null;
  /** Soft-deletes the user and revokes all its tokens. */
  delete(id: string, at: number): void;
}

export interface ApiToken {
  id: string;
  userId: string;
  name: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export interface TokenStore {
  create(input: { userId: string; name: string; tokenHash: string }, at: number): ApiToken;
  /** The unrevoked token with this hash and its (undeleted) user. */
  findActive(tokenHash: string): { token: ApiToken; user: AdminUser } | null;
  markUsed(tokenId: string, at: number): void;
  get(id: string): ApiToken | null;
  listForUser(userId: string): ApiToken[];
  revoke(id: string, at: number): void;
}

export interface ConferenceFields {
  name: string;
  ownerUserId: string | null;
  roomType: RoomType;
  /** Prompt language, e.g. `en`. */
  language: string;
  joinLeaveTones: boolean;
  endOnLeaderHangup: boolean;
  maxDurationMinutes: number | null;
  /** Validity window (ms since the epoch); outside it the codes are unknown. */
  validFrom: number | null;
  validUntil: number | null;
}

/**
 * A conference as the rest of Kvorum sees it. It never carries code digits
 * or their hashes: digits are shown once, when they are issued.
 */
export interface AdminConference extends ConferenceFields {
  id: string;
  organisationId: string;
  codeKind: CodeKind;
  createdAt: number;
  updatedAt: number;
}

/** A code in clear: returned once, in the response that created or reset it. */
export interface IssuedCode {
  role: CodeRole;
  code: string;
}

export type NewConferenceInput = Omit<ConferenceFields, 'endOnLeaderHangup'> & {
  endOnLeaderHangup?: boolean;
  organisationId: string;
  codeKind: CodeKind;
};

export interface ConferenceStore {
  /** `endOnLeaderHangup` left out takes the store's default for the code kind. */
  create(input: NewConferenceInput, at: number): { conference: AdminConference; codes: IssuedCode[] };
  /** A conference that has not been deleted. */
  get(id: string): AdminConference | null;
  list(filter: { organisationIds?: ReadonlySet<string>; ownerUserId?: string }): AdminConference[];
  /** Null when there is no such (undeleted) conference. */
  update(id: string, patch: Partial<ConferenceFields>, at: number): AdminConference | null;
  delete(id: string, at: number): void;
  /** Replaces the code of `role` with a new one, in effect for the next caller; null when no such conference. */
  resetCode(id: string, role: CodeRole, at: number): IssuedCode | null;
}

export interface UsageStore {
  /** Meetings of the organisation that started in [from, to), with the legs that entered them. */
  meetingsStarted(organisationId: string, from: number, to: number): MeetingUsage[];
}

/** Every store the admin services use. */
export interface AdminStores {
  organisations: OrganisationStore;
  users: UserStore;
  tokens: TokenStore;
  conferences: ConferenceStore;
  usage: UsageStore;
}
