import { z } from 'zod';
import { CODE_KINDS } from '../../domain/provisioning/code-kinds';
import { ROLES } from '../../app/admin/roles';
import { SIGN_IN_EMAIL } from '../../domain/access/sign-in-email';
import { isValidTimeZone } from '../../domain/billing/calendar';
import { checkReportPeriod, reportPeriodFields } from '../../app/reports/report-period-schema';
import { ROOM_TYPES } from '../../domain/room-types';
import { PROMPT_LANGUAGES } from '../../domain/prompts/languages';

/**
 * Request schemas: every path parameter, query and body the API accepts.
 * Bodies are strict: an unknown field is an error, not silently ignored.
 */

export const objectId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be an id');

/** An ISO 8601 instant with an offset, e.g. `2025-03-01T09:00:00+01:00`; held as ms since the epoch. */
const instant = z.iso
  .datetime({ offset: true })
  .transform((value) => Date.parse(value))
  .meta({ description: 'ISO 8601 date-time with offset' });

const name = z.string().trim().min(1).max(200);

/** An IANA time zone Kvorum knows, e.g. `Europe/Oslo`. */
export const timeZone = z
  .string()
  .max(64)
  .refine(isValidTimeZone, 'must be an IANA time zone such as Europe/Oslo')
  .meta({ description: 'IANA time zone, e.g. Europe/Oslo' });

/** A language Kvorum speaks to callers: what they hear on an access number, or in a conference. */
export const promptLanguage = z.enum(PROMPT_LANGUAGES, {
  error: `must be a language Kvorum speaks: ${PROMPT_LANGUAGES.join(' or ')}`,
});

// --- path parameters ---------------------------------------------------------

export const organisationParams = z.object({ organisationId: objectId });
export const userParams = z.object({ userId: objectId });
export const tokenParams = z.object({ tokenId: objectId });
export const conferenceParams = z.object({ conferenceId: objectId });
export const organisationConferenceParams = z.object({ organisationId: objectId, conferenceId: objectId });
export const participantParams = z.object({ conferenceId: objectId, legId: objectId });
/** A caller waiting in the lobby, or (`next`) the first in its queue. */
export const lobbyParams = z.object({
  conferenceId: objectId,
  legId: objectId
    .transform((legId) => (legId === 'next' ? null : legId))
    .meta({ description: 'the leg of a caller waiting in the lobby, or `next`: the first in the queue' }),
});
export const codeResetParams = z.object({
  conferenceId: objectId,
  role: z.enum(['leader', 'participant', 'single']),
});

// --- organisations --------------------------------------------------------------

export const createOrganisationBody = z.strictObject({
  name,
  billingReference: z.string().trim().min(1).max(100).meta({ description: 'organisation or phone number' }),
  resellerOrganisationId: objectId.nullable().optional().meta({ description: 'operators only' }),
});

export const updateOrganisationBody = createOrganisationBody.partial();

// --- signing in ------------------------------------------------------------------

const signInEmail = z.string().trim().max(200).regex(SIGN_IN_EMAIL, 'must be an e-mail address');

export const signInBody = z.strictObject({
  email: signInEmail,
  password: z.string().min(1).max(4096),
});

export const setPasswordBody = z.strictObject({
  email: signInEmail,
  resetCode: z.string().trim().min(1).max(64).meta({ description: 'as issued, e.g. 7KQ2-M9XD-4RTA-PW3E (case and dashes do not matter)' }),
  newPassword: z.string().max(4096).meta({ description: 'at least 12 characters, not the e-mail address' }),
});

// --- users and tokens -----------------------------------------------------------

export const listUsersQuery = z.strictObject({ organisationId: objectId.optional(), ...pageQuery('users', 'name or e-mail address') });

export const createUserBody = z.strictObject({
  organisationId: objectId.optional().meta({ description: "defaults to the caller's organisation" }),
  name,
  email: z.email().max(200).nullable().optional(),
  role: z.enum(ROLES),
  sharedMailbox: z.boolean().optional().meta({ description: 'a functional address several people read: never holds a licence' }),
});

export const updateUserBody = z.strictObject({
  name: name.optional(),
  email: z.email().max(200).nullable().optional(),
  role: z.enum(ROLES).optional(),
  sharedMailbox: z.boolean().optional(),
});

export const createTokenBody = z.strictObject({ name });

// --- conferences ----------------------------------------------------------------

const conferenceSettings = {
  name,
  ownerUserId: objectId.nullable(),
  roomType: z.enum(ROOM_TYPES),
  language: promptLanguage.meta({ description: 'what callers hear after the code: en (English) or nb (Norwegian bokmål)' }),
  timeZone: timeZone,
  joinLeaveTones: z.boolean(),
  endOnLeaderHangup: z.boolean(),
  admissionRequired: z.boolean().meta({ description: 'participants wait in the lobby until a leader (or an admin) lets them in' }),
  namesRecorded: z
    .boolean()
    .meta({ description: 'callers say their name after the code; the leaders hear it (deleted when the call ends)' }),
  maxDurationMinutes: z
    .int()
    .min(1)
    .max(24 * 60)
    .nullable(),
  validFrom: instant.nullable(),
  validUntil: instant.nullable(),
};

export const createConferenceBody = z.strictObject({
  organisationId: objectId.optional().meta({ description: "defaults to the caller's organisation" }),
  name: conferenceSettings.name,
  ownerUserId: conferenceSettings.ownerUserId.default(null),
  roomType: conferenceSettings.roomType.default('unlimited'),
  language: conferenceSettings.language.default('en'),
  timeZone: conferenceSettings.timeZone.default('Europe/Oslo'),
  joinLeaveTones: conferenceSettings.joinLeaveTones.default(true),
  endOnLeaderHangup: conferenceSettings.endOnLeaderHangup
    .optional()
    .meta({ description: 'default: on for a leader/participant pair, off for a single code' }),
  admissionRequired: conferenceSettings.admissionRequired.optional().meta({ description: 'default: off, on in a sensitive room (always)' }),
  namesRecorded: conferenceSettings.namesRecorded.default(false),
  maxDurationMinutes: conferenceSettings.maxDurationMinutes.default(null),
  validFrom: conferenceSettings.validFrom.default(null),
  validUntil: conferenceSettings.validUntil.default(null),
  codes: z.enum(CODE_KINDS).default('pair').meta({ description: 'a leader + participant pair, or one code for all' }),
});

/** Why an operator overrides a room's binding: kept in the room's subscription history and logged. */
const bindingOverrideReason = z
  .string()
  .trim()
  .min(1)
  .max(500)
  .meta({ description: "operators only: why a downgrade or deletion inside the room's binding period is made anyway" });

export const updateConferenceBody = z.strictObject({ ...conferenceSettings, bindingOverrideReason }).partial();

export const deleteConferenceQuery = z.strictObject({ bindingOverrideReason: bindingOverrideReason.optional() });

/**
 * `q`, `limit` and `offset` of a listing answered a page at a time (`things`: what is listed, `searched`: where `q` is
 * looked for). Without `limit` nor `q` the listing answers everything, as it did before it had pages.
 */
function pageQuery(things: string, searched: string) {
  return {
    q: z
      .string()
      .trim()
      .max(200)
      .optional()
      .meta({ description: `only ${things} whose ${searched} contains this (case-insensitive)` }),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(500)
      .optional()
      .meta({ description: `at most this many, ordered by name; without it (and q) all ${things}, in order of creation` }),
    offset: z.coerce.number().int().min(0).default(0).meta({ description: 'skip this many (with limit or q)' }),
  };
}

export const listConferencesQuery = z.strictObject({
  organisationId: objectId.optional(),
  ownerUserId: objectId.optional(),
  ...pageQuery('rooms', 'name'),
});

// --- live control ---------------------------------------------------------------

export const muteBody = z.strictObject({ muted: z.boolean() });

export const listenModeBody = z.strictObject({ on: z.boolean() });
export const lockBody = z.strictObject({ locked: z.boolean() });

// --- statistics -----------------------------------------------------------------

/** Both dates inclusive, like the charge reports, and at most 13 months apart. */
export const periodQuery = z.strictObject(reportPeriodFields).superRefine(checkReportPeriod);
