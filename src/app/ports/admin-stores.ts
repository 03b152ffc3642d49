/**
 * The storage the admin services need, as narrow interfaces, asynchronous
 * since the store may be PostgreSQL. The adapters in adapters/db implement
 * them; nothing here knows about SQL.
 */
import type { CodeRole } from '../../domain/conference/conference-settings';
import type { AccessNumberEntry } from '../../domain/provisioning/access-number-rules';
import type { CodeKind } from '../../domain/provisioning/code-kinds';
import type { IssuedCode } from '../../domain/provisioning/conference-codes';
import type { ConferenceFields, NewConferenceRecord } from '../../domain/provisioning/conference-rules';
import type { RoomSubscription, RoomTypeChange } from '../../domain/provisioning/room-subscription';
import type { LicenceRefusal, LicenceSpan } from '../../domain/licensing/licence-rules';
import type { Role } from '../admin/roles';
import type { MeetingUsage } from '../admin/usage-statistics';
import type { BookingStore, MailOutbox } from './booking-store';
import type { LicenceStore } from './licence-store';

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
  create(input: { name: string; billingReference: string; resellerOrganisationId: string | null }, at: number): Promise<AdminOrganisation>;
  get(id: string): Promise<AdminOrganisation | null>;
  /** Every organisation, or only those with the given ids. */
  list(ids?: ReadonlySet<string>): Promise<AdminOrganisation[]>;
  /** Ids of the organisations resold by `resellerOrganisationId`. */
  resoldBy(resellerOrganisationId: string): Promise<string[]>;
  update(
    id: string,
    patch: Partial<Pick<AdminOrganisation, 'name' | 'billingReference' | 'resellerOrganisationId'>>,
  ): Promise<AdminOrganisation | null>;
}

export interface AdminUser {
  id: string;
  organisationId: string;
  name: string;
  email: string | null;
  role: Role;
  /** A functional address several people read (post@…): may own rooms, never holds a personal licence. */
  sharedMailbox: boolean;
  createdAt: number;
  /** When it was deactivated: it keeps what it owns, but cannot sign in nor use its tokens. Null while active. */
  deactivatedAt: number | null;
}

/** One page of users, and how many there are in all. */
export interface UserPage {
  users: AdminUser[];
  total: number;
}

export interface UserStore {
  create(
    input: { organisationId: string; name: string; email: string | null; role: Role; sharedMailbox?: boolean },
    at: number,
  ): Promise<AdminUser>;
  /** A user that has not been deleted (deactivated or not). */
  get(id: string): Promise<AdminUser | null>;
  list(organisationIds?: ReadonlySet<string>): Promise<AdminUser[]>;
  /** One page of what `list` answers, by name, searched by name and e-mail address; and how many match in all. */
  page(organisationIds: ReadonlySet<string> | undefined, request: PageRequest): Promise<UserPage>;
  /**
   * Null: no such user. When the patch makes the user a shared mailbox,
   * `refusal` is asked with the user's licences as they are when the change
   * is written: no licence is assigned between the check and the write.
   */
  update(
    id: string,
    patch: Partial<Pick<AdminUser, 'name' | 'email' | 'role' | 'sharedMailbox'>>,
    refusal?: (licences: readonly LicenceSpan[]) => LicenceRefusal | null,
  ): Promise<AdminUser | LicenceRefusal | null>;
  /** Soft-deletes the user and revokes all its tokens and portal sessions. */
  delete(id: string, at: number): Promise<void>;
  /** Marks the user deactivated at `at` (unless it is already) and ends its portal sessions, in one transaction; its tokens stay. */
  deactivate(id: string, at: number): Promise<AdminUser | null>;
  /** Marks the user active again; null when there is no such (undeleted) user. */
  reactivate(id: string): Promise<AdminUser | null>;
}

/**
 * Who issued a token: a user over the admin API, the command line on the
 * server (the operator, with no user behind it), or nobody knows (tokens made
 * before Kvorum recorded it).
 */
export type TokenIssuer = { via: 'api'; userId: string } | { via: 'command-line' } | { via: 'unrecorded' };

export interface ApiToken {
  id: string;
  userId: string;
  name: string;
  issuedBy: TokenIssuer;
  createdAt: number;
  /** When it last authenticated a request, to the minute (it is written at most once a minute). */
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export interface TokenStore {
  create(input: { userId: string; name: string; tokenHash: string; issuedBy: TokenIssuer }, at: number): Promise<ApiToken>;
  /** The unrevoked token with this hash and its user, when that user is neither deleted nor deactivated. */
  findActive(tokenHash: string): Promise<{ token: ApiToken; user: AdminUser } | null>;
  markUsed(tokenId: string, at: number): Promise<void>;
  get(id: string): Promise<ApiToken | null>;
  listForUser(userId: string): Promise<ApiToken[]>;
  revoke(id: string, at: number): Promise<void>;
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

/** Which conferences to list: of some organisations (an empty set: none), of an owner, or all. */
export interface ConferenceListFilter {
  organisationId?: string;
  organisationIds?: ReadonlySet<string>;
  ownerUserId?: string;
}

/** One page of a listing, and how many there are in all. */
export interface ConferencePage {
  conferences: AdminConference[];
  total: number;
}

/**
 * A page of a listing (of the conferences or users a filter selects): those
 * whose name (or e-mail address, for users) contains `search`, compared in
 * the core's searchForm, so case-insensitive beyond ASCII too (null: every
 * one), ordered by name.
 */
export interface PageRequest {
  search: string | null;
  limit: number;
  offset: number;
}

/**
 * Who changes a room, and why an operator overrode its binding (null when
 * no binding held the change back): both kept in its subscription's history.
 */
export interface RoomChange {
  by: string;
  bindingOverride: string | null;
}

/** A room's subscription and its whole history, as the store keeps it. */
export interface RoomSubscriptionRecord extends RoomSubscription {
  conferenceId: string;
  organisationId: string;
  types: Array<RoomTypeChange & RoomChange>;
  /** Who deleted the room, and why the binding was overridden; null while it exists. */
  ended: RoomChange | null;
}

/**
 * Conferences and the keyed hashes of their codes, with each room's
 * subscription written in the same transaction as the change that makes it.
 * The store keeps what it is given; the provisioning rules
 * (app/admin/conference-provisioning.ts, on the domain's rules) decide what
 * may be stored. The one thing only the store can tell is whether a code is
 * in use by another active conference.
 */
export interface ConferenceStore {
  /**
   * Stores the conference and its codes, all or nothing: nothing is stored
   * when one of the codes is in use. Its subscription starts now, with the
   * binding given.
   */
  create(
    conference: NewConferenceRecord,
    codes: readonly IssuedCode[],
    at: number,
    subscription: { bindingMonths: number; by: string },
  ): Promise<AdminConference | CodeClash>;
  /** A conference that has not been deleted. */
  get(id: string): Promise<AdminConference | null>;
  list(filter: ConferenceListFilter): Promise<AdminConference[]>;
  page(filter: ConferenceListFilter, request: PageRequest): Promise<ConferencePage>;
  /** Null when there is no such (undeleted) conference. A new room type is a change in its subscription's history. */
  update(id: string, fields: ConferenceFields, at: number, change: RoomChange): Promise<AdminConference | null>;
  /** Soft-deletes it, frees its codes and ends its subscription; false when there was nothing to delete. */
  delete(id: string, at: number, change: RoomChange): Promise<boolean>;
  /** The room's subscription and its history (also of a deleted room); null when it has none. */
  subscription(id: string): Promise<RoomSubscriptionRecord | null>;
  /** Replaces the conference's code of the same role, in effect for the next caller; null when no such conference. */
  replaceCode(id: string, code: IssuedCode, at: number): Promise<'replaced' | CodeClash | null>;
}

/** A code asked to be stored is already used by an active conference. */
export interface CodeClash {
  kind: 'code-in-use';
  role: CodeRole;
}

/** An access number in the directory, with when it was added and last changed. */
export interface AccessNumberRecord extends AccessNumberEntry {
  createdAt: number;
  updatedAt: number;
}

/** The directory of access numbers, keyed by the number. */
export interface AccessNumberStore {
  /** By number. */
  list(): Promise<AccessNumberRecord[]>;
  get(number: string): Promise<AccessNumberRecord | null>;
  /** Null when the number is in the directory already. */
  create(entry: AccessNumberEntry, at: number): Promise<AccessNumberRecord | null>;
  /** Null when there is no such number. */
  update(number: string, fields: Omit<AccessNumberEntry, 'number'>, at: number): Promise<AccessNumberRecord | null>;
  /** False when there was nothing to delete. */
  delete(number: string): Promise<boolean>;
}

export interface UsageStore {
  /** Meetings of the organisation that started in [from, to), with the legs that entered them. */
  meetingsStarted(organisationId: string, from: number, to: number): Promise<MeetingUsage[]>;
}

/** Every store the admin services use. */
export interface AdminStores {
  organisations: OrganisationStore;
  users: UserStore;
  tokens: TokenStore;
  conferences: ConferenceStore;
  accessNumbers: AccessNumberStore;
  licences: LicenceStore;
  bookings: BookingStore;
  outbox: MailOutbox;
}
