import { isValidTimeZone } from '../billing/calendar';
import type { PromptLanguage } from '../prompts/languages';
import { roomRules, type RoomType } from '../room-types';
import type { CodeKind } from './code-kinds';
import type { CodesRequest } from './conference-codes';
import { refusal, type ProvisioningRefusal } from './provisioning-refusal';

/** What an organisation sets on a conference. */
export interface ConferenceFields {
  name: string;
  ownerUserId: string | null;
  roomType: RoomType;
  /** What its callers hear after the code (unless one chose English for their call). */
  language: PromptLanguage;
  /** IANA time zone bookings on the room are given and shown in, e.g. `Europe/Oslo`. */
  timeZone: string;
  joinLeaveTones: boolean;
  endOnLeaderHangup: boolean;
  /** Participants wait in the lobby until a leader lets them in. */
  admissionRequired: boolean;
  /** Callers say their name after the code, for the leaders to hear. */
  namesRecorded: boolean;
  maxDurationMinutes: number | null;
  /** Validity window (ms since the epoch); outside it the codes are unknown. */
  validFrom: number | null;
  validUntil: number | null;
}

/** A conference to create: what is left out takes the defaults of `newConferenceFields`. */
export interface NewConference extends Partial<ConferenceFields> {
  organisationId: string;
  name: string;
  codes: CodesRequest;
}

/** A new conference's fields, complete. */
export interface NewConferenceRecord extends ConferenceFields {
  organisationId: string;
  codeKind: CodeKind;
}

/** Where a room is unless it says otherwise. */
export const DEFAULT_ROOM_TIME_ZONE = 'Europe/Oslo';

/** A new conference speaks English unless it is told otherwise (as before Kvorum spoke bokmål). */
export const DEFAULT_CONFERENCE_LANGUAGE: PromptLanguage = 'en';

/**
 * The defaults of a new conference: a room without a size limit, English
 * prompts, join and leave tones, no lobby (but in a sensitive room) and no
 * names, no owner, duration or validity window, and automatic end when the
 * leader hangs up for a leader/participant pair (a single-code conference
 * has no leader to wait for).
 */
export function newConferenceRecord(input: NewConference): NewConferenceRecord {
  const codeKind = input.codes.kind;
  return {
    organisationId: input.organisationId,
    codeKind,
    name: input.name,
    ownerUserId: input.ownerUserId ?? null,
    roomType: input.roomType ?? 'unlimited',
    language: input.language ?? DEFAULT_CONFERENCE_LANGUAGE,
    timeZone: input.timeZone ?? DEFAULT_ROOM_TIME_ZONE,
    joinLeaveTones: input.joinLeaveTones ?? true,
    endOnLeaderHangup: input.endOnLeaderHangup ?? codeKind === 'pair',
    admissionRequired: admissionSetting(input.roomType ?? 'unlimited', input.admissionRequired, false),
    namesRecorded: input.namesRecorded ?? false,
    maxDurationMinutes: input.maxDurationMinutes ?? null,
    validFrom: input.validFrom ?? null,
    validUntil: input.validUntil ?? null,
  };
}

/**
 * Whether a room requires admission: what was asked; when nothing was, on in a
 * room whose type always requires it (sensitive), else as it was (`otherwise`).
 */
export function admissionSetting(roomType: RoomType, asked: boolean | undefined, otherwise: boolean): boolean {
  return asked ?? (roomRules(roomType).alwaysRequiresAdmission || otherwise);
}

/**
 * A validity window must not end before it starts; a maximum duration is a
 * positive whole number of minutes; a sensitive room cannot be set not to
 * require admission.
 */
export function settingsRefusal(
  fields: Pick<ConferenceFields, 'validFrom' | 'validUntil' | 'maxDurationMinutes' | 'timeZone' | 'roomType' | 'admissionRequired'>,
): ProvisioningRefusal | null {
  if (roomRules(fields.roomType).alwaysRequiresAdmission && !fields.admissionRequired) {
    return refusal('admission-always-required', 'admissionRequired', `a ${fields.roomType} room always requires admission`);
  }
  if (!isValidTimeZone(fields.timeZone))
    return refusal('invalid-time-zone', 'timeZone', 'timeZone must be an IANA time zone such as Europe/Oslo');
  if (fields.validFrom !== null && fields.validUntil !== null && fields.validFrom >= fields.validUntil) {
    return refusal('invalid-validity-window', 'validUntil', 'validFrom must be before validUntil');
  }
  const minutes = fields.maxDurationMinutes;
  if (minutes !== null && !(Number.isInteger(minutes) && minutes > 0)) {
    return refusal('invalid-max-duration', 'maxDurationMinutes', 'maxDurationMinutes must be a positive whole number');
  }
  return null;
}

export function unknownOrganisation(): ProvisioningRefusal {
  return refusal('unknown-organisation', 'organisationId', 'the organisation does not exist');
}

/**
 * A conference's owner must be a user of the conference's organisation.
 * `owner` is what is known of the user named: null when there is no such user.
 */
export function ownerRefusal(organisationId: string, owner: { organisationId: string } | null): ProvisioningRefusal | null {
  return owner !== null && owner.organisationId === organisationId
    ? null
    : refusal('unknown-owner', 'ownerUserId', 'unknown user in this organisation');
}
