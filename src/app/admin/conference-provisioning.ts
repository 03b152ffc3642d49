import { assertNever } from '../../domain/assert-never';
import type { CodeRole } from '../../domain/conference/conference-settings';
import {
  codeInUse,
  codeRoleRefusal,
  codesRefusal,
  givenCodeProblem,
  requestedCodes,
  issuedCodeList,
  type CodesRequest,
  type IssuedCodes,
} from '../../domain/provisioning/conference-codes';
import {
  admissionSetting,
  newConferenceRecord,
  ownerRefusal,
  settingsRefusal,
  unknownOrganisation,
  type ConferenceFields,
  type NewConference,
} from '../../domain/provisioning/conference-rules';
import type { ProvisioningRefusal } from '../../domain/provisioning/provisioning-refusal';
import type { LocalDate } from '../../domain/billing/calendar';
import { BINDING_MONTHS, bindingEndsOn, deletionRefusal, typeChangeRefusal } from '../../domain/provisioning/room-subscription';
import type { Logger } from '../../logger';
import type {
  AdminConference,
  ConferenceListFilter,
  ConferencePage,
  PageRequest,
  ConferenceStore,
  OrganisationStore,
  RoomChange,
  RoomSubscriptionRecord,
  UserStore,
} from '../ports/admin-stores';
import { generateCodeDigits } from './generate-code-digits';

/** A new conference and its codes in clear: the only time they are shown. */
export interface ProvisionedConference {
  conference: AdminConference;
  codes: IssuedCodes;
}

/**
 * Who asks for a change of a room, and the reason an operator gives to
 * override its binding (null: none; whether the asker may is the admin
 * services' to check).
 */
export interface RoomChangeRequest {
  by: string;
  bindingOverride: string | null;
}

/** A room's subscription with its history, and the first day a downgrade or deletion is allowed (null: any day). */
export type RoomSubscriptionStatus = RoomSubscriptionRecord & { bindingEndsOn: LocalDate | null };

/**
 * Conferences and their codes under the provisioning rules of the domain,
 * for anyone allowed to provision at all: the admin services add who may
 * touch which conference, the command line uses it as the operator. Every
 * refusal is a value (a `ProvisioningRefusal`), never an exception. Each
 * room's subscription starts when it is created; a downgrade or a deletion
 * inside its binding is refused unless overridden with a reason, which is
 * kept in the subscription's history and logged.
 */
export interface ConferenceProvisioning {
  /** Codes left out of the request are generated. `by`: who creates it, for the subscription's history. */
  create(input: NewConference, at: number, by: string): Promise<ProvisionedConference | ProvisioningRefusal>;
  get(id: string): Promise<AdminConference | null>;
  list(filter?: ConferenceListFilter): Promise<AdminConference[]>;
  page(filter: ConferenceListFilter, request: PageRequest): Promise<ConferencePage>;
  /** Null when there is no such (undeleted) conference. */
  update(
    id: string,
    patch: Partial<ConferenceFields>,
    at: number,
    request: RoomChangeRequest,
  ): Promise<AdminConference | ProvisioningRefusal | null>;
  /** Why the room may not be deleted now (its binding), or null: asked before its meeting is ended. */
  deletionRefusal(id: string, at: number, request: RoomChangeRequest): Promise<ProvisioningRefusal | null>;
  /** Frees its codes and ends its subscription; false when there was nothing to delete. */
  delete(id: string, at: number, request: RoomChangeRequest): Promise<boolean | ProvisioningRefusal>;
  /** The room's subscription and its history; null when there is none. */
  subscription(id: string): Promise<RoomSubscriptionStatus | null>;
  /** Replaces the code of `role` with `digits` (or fresh ones), for the next caller; null when no such conference. */
  resetCode(id: string, role: CodeRole, at: number, digits?: string): Promise<string | ProvisioningRefusal | null>;
}

/**
 * A generated code that clashes with an existing one is drawn again; this
 * many clashes in a row means the code space is exhausted.
 */
const MAX_GENERATION_ATTEMPTS = 20;

export function createConferenceProvisioning(deps: {
  conferences: ConferenceStore;
  organisations: Pick<OrganisationStore, 'get'>;
  users: Pick<UserStore, 'get'>;
  /** The billing time zone (KVORUM_TIME_ZONE): a binding runs to a local day. */
  timeZone: string;
  /** Where an overridden binding is logged. */
  logger: Logger;
  /** Fresh code digits; default: 8 digits from the cryptographic generator. */
  generateCode?: () => string;
}): ConferenceProvisioning {
  const { conferences, organisations, users, timeZone, logger } = deps;
  const generateCode = deps.generateCode ?? (() => generateCodeDigits());

  /**
   * The binding's refusal of a change (`bound`), unless an operator's reason
   * overrides it: then the change goes ahead with the reason recorded, and
   * the override is logged (never the room's codes).
   */
  function underBinding(
    conferenceId: string,
    bound: ProvisioningRefusal | null,
    request: RoomChangeRequest,
    change: 'downgrade' | 'deletion',
  ): ProvisioningRefusal | RoomChange {
    if (bound === null) return { by: request.by, bindingOverride: null };
    if (request.bindingOverride === null) return bound;
    logger.warn(
      { conferenceId, change, by: request.by, reason: request.bindingOverride, binding: bound.message },
      'room binding overridden',
    );
    return { by: request.by, bindingOverride: request.bindingOverride };
  }

  /** The binding's refusal to delete the room now (null: none, or no such room). */
  async function deletionBinding(id: string, at: number): Promise<ProvisioningRefusal | null> {
    const conference = await conferences.get(id);
    const subscription = await conferences.subscription(id);
    return conference && subscription && deletionRefusal(subscription, conference.roomType, at, timeZone);
  }

  async function ownerProblem(organisationId: string, ownerUserId: string | null): Promise<ProvisioningRefusal | null> {
    if (ownerUserId === null) return null;
    return ownerRefusal(organisationId, await users.get(ownerUserId));
  }

  async function create(input: NewConference, at: number, by: string): Promise<ProvisionedConference | ProvisioningRefusal> {
    const record = newConferenceRecord(input);
    const refused =
      (await ownerProblem(record.organisationId, record.ownerUserId)) ??
      ((await organisations.get(record.organisationId)) ? null : unknownOrganisation()) ??
      settingsRefusal(record) ??
      codesRefusal(input.codes);
    if (refused !== null) return refused;
    for (let attempt = 0; attempt < MAX_GENERATION_ATTEMPTS; attempt++) {
      const codes = drawCodes(input.codes);
      const list = issuedCodeList(codes);
      // Two generated codes (or a generated and a given one) may come out equal: draw again.
      if (new Set(list.map(({ code }) => code)).size < list.length) continue;
      const stored = await conferences.create(record, list, at, { bindingMonths: BINDING_MONTHS, by });
      if (!('kind' in stored)) return { conference: stored, codes };
      // A code the caller chose is theirs to change; a generated one is drawn again.
      if (requestedCodes(input.codes).some(({ role, given }) => role === stored.role && given !== undefined)) return codeInUse(stored.role);
    }
    throw new Error('could not generate an unused conference code');
  }

  async function update(
    id: string,
    patch: Partial<ConferenceFields>,
    at: number,
    request: RoomChangeRequest,
  ): Promise<AdminConference | ProvisioningRefusal | null> {
    const current = await conferences.get(id);
    if (current === null) return null;
    const fields: ConferenceFields = {
      name: patch.name ?? current.name,
      ownerUserId: patch.ownerUserId !== undefined ? patch.ownerUserId : current.ownerUserId,
      roomType: patch.roomType ?? current.roomType,
      language: patch.language ?? current.language,
      timeZone: patch.timeZone ?? current.timeZone,
      joinLeaveTones: patch.joinLeaveTones ?? current.joinLeaveTones,
      endOnLeaderHangup: patch.endOnLeaderHangup ?? current.endOnLeaderHangup,
      admissionRequired: admissionSetting(patch.roomType ?? current.roomType, patch.admissionRequired, current.admissionRequired),
      namesRecorded: patch.namesRecorded ?? current.namesRecorded,
      maxDurationMinutes: patch.maxDurationMinutes !== undefined ? patch.maxDurationMinutes : current.maxDurationMinutes,
      validFrom: patch.validFrom !== undefined ? patch.validFrom : current.validFrom,
      validUntil: patch.validUntil !== undefined ? patch.validUntil : current.validUntil,
    };
    const refused = (await ownerProblem(current.organisationId, fields.ownerUserId)) ?? settingsRefusal(fields);
    if (refused !== null) return refused;
    const subscription = await conferences.subscription(id);
    const bound = subscription && typeChangeRefusal(subscription, current.roomType, fields.roomType, at, timeZone);
    const change = underBinding(id, bound, request, 'downgrade');
    if ('kind' in change) return change;
    return conferences.update(id, fields, at, change);
  }

  async function remove(id: string, at: number, request: RoomChangeRequest): Promise<boolean | ProvisioningRefusal> {
    const change = underBinding(id, await deletionBinding(id, at), request, 'deletion');
    if ('kind' in change) return change;
    return conferences.delete(id, at, change);
  }

  async function resetCode(id: string, role: CodeRole, at: number, digits?: string): Promise<string | ProvisioningRefusal | null> {
    const conference = await conferences.get(id);
    if (conference === null) return null;
    const refused = codeRoleRefusal(conference.codeKind, role) ?? (digits === undefined ? null : givenCodeProblem(role, digits));
    if (refused !== null) return refused;
    for (let attempt = 0; attempt < MAX_GENERATION_ATTEMPTS; attempt++) {
      const code = digits ?? generateCode();
      const replaced = await conferences.replaceCode(id, { role, code }, at);
      if (replaced === null) return null;
      if (replaced === 'replaced') return code;
      if (digits !== undefined) return codeInUse(role);
    }
    throw new Error('could not generate an unused conference code');
  }

  /** The codes asked for, the ones left out drawn fresh. */
  function drawCodes(request: CodesRequest): IssuedCodes {
    switch (request.kind) {
      case 'pair':
        return { kind: 'pair', leader: request.leader ?? generateCode(), participant: request.participant ?? generateCode() };
      case 'single':
        return { kind: 'single', single: request.single ?? generateCode() };
      default:
        return assertNever(request);
    }
  }

  return {
    create,
    get: (id) => conferences.get(id),
    list: (filter = {}) => conferences.list(filter),
    page: (filter, request) => conferences.page(filter, request),
    update,
    deletionRefusal: async (id, at, request) => (request.bindingOverride === null ? deletionBinding(id, at) : null),
    delete: remove,
    async subscription(id) {
      const subscription = await conferences.subscription(id);
      return subscription && { ...subscription, bindingEndsOn: bindingEndsOn(subscription, timeZone) };
    },
    resetCode,
  };
}
