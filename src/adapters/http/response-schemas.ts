import { z } from 'zod';
import { CODE_KINDS } from '../../domain/provisioning/code-kinds';
import { ROLES } from '../../app/admin/roles';
import { ROOM_TYPES } from '../../domain/room-types';
import { PROMPT_LANGUAGES } from '../../domain/prompts/languages';

/**
 * Response schemas: the shapes the API answers with. The presenters are typed
 * by them, and the OpenAPI document shows them.
 */

const isoInstant = z.iso.datetime({ offset: true });

export const errorResponse = z.object({
  error: z.enum([
    'invalid-request',
    'unauthorized',
    'forbidden',
    'not-found',
    'conflict',
    'payload-too-large',
    'too-many-requests',
    'csrf',
    'invalid-reset-code',
    'internal',
  ]),
  message: z.string(),
  fields: z
    .array(
      z.object({
        location: z.enum(['path', 'query', 'body']),
        field: z.string(),
        message: z.string(),
        reason: z.string().optional().meta({
          description: "why, as a word to put in a client's own words; a new password: too-short, too-long, is-email, one-character",
        }),
        limit: z.number().int().optional().meta({ description: 'with reason: the limit broken, e.g. the least number of characters' }),
      }),
    )
    .optional(),
});

export const organisationResponse = z.object({
  id: z.string(),
  name: z.string(),
  billingReference: z.string(),
  resellerOrganisationId: z.string().nullable(),
  createdAt: isoInstant,
});

export const userResponse = z.object({
  id: z.string(),
  organisationId: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  role: z.enum(ROLES),
  sharedMailbox: z.boolean(),
  createdAt: isoInstant,
  active: z.boolean().meta({ description: 'false while deactivated: the user cannot sign in and its tokens do not authenticate' }),
  deactivatedAt: isoInstant.nullable().meta({ description: 'when it was deactivated; null while active' }),
});

export const meResponse = z.object({
  user: userResponse,
  tokenId: z.string().meta({ description: "the token's id; signed in to the portal, the session's id (never its secret)" }),
});

export const sessionResponse = z.object({
  user: z.object({ userId: z.string(), email: z.string(), name: z.string(), role: z.enum(ROLES), organisationId: z.string() }),
  csrfToken: z.string().meta({ description: 'send it as X-CSRF-Token on every POST, PUT, PATCH and DELETE made with the session cookie' }),
  expiresAt: isoInstant.meta({ description: 'when the session ends unless used again (it also ends 12 hours after sign-in)' }),
});

export const resetCodeResponse = z.object({
  resetCode: z.string().meta({ description: 'shown only in this response; sets the password once' }),
  expiresAt: isoInstant,
});

export const tokenResponse = z.object({
  id: z.string(),
  userId: z.string(),
  name: z.string(),
  issuedBy: z
    .union([
      z.object({ via: z.literal('api'), userId: z.string() }),
      z.object({ via: z.literal('command-line') }),
      z.object({ via: z.literal('unrecorded') }),
    ])
    .meta({ description: 'the user who issued it over the API, the command line on the server, or unrecorded (older tokens)' }),
  createdAt: isoInstant,
  lastUsedAt: isoInstant.nullable().meta({ description: 'to the minute: it is recorded at most once a minute' }),
  revokedAt: isoInstant.nullable(),
});

export const issuedTokenResponse = z.object({
  token: tokenResponse,
  secret: z.string().meta({ description: 'the bearer token; shown only in this response' }),
});

const issuedCode = z.object({
  role: z.enum(['leader', 'participant', 'single']),
  code: z.string().meta({ description: 'shown only in this response' }),
});

export const conferenceResponse = z.object({
  id: z.string(),
  organisationId: z.string(),
  ownerUserId: z.string().nullable(),
  name: z.string(),
  roomType: z.enum(ROOM_TYPES),
  language: z.enum(PROMPT_LANGUAGES),
  timeZone: z.string(),
  joinLeaveTones: z.boolean(),
  endOnLeaderHangup: z.boolean(),
  admissionRequired: z.boolean(),
  namesRecorded: z.boolean(),
  maxDurationMinutes: z.number().nullable(),
  validFrom: isoInstant.nullable(),
  validUntil: isoInstant.nullable(),
  codeKind: z.enum(CODE_KINDS),
  createdAt: isoInstant,
  updatedAt: isoInstant,
});

const localDate = z.string().meta({ description: 'YYYY-MM-DD in the configured time zone', format: 'date' });

export const roomSubscriptionResponse = z.object({
  conferenceId: z.string(),
  organisationId: z.string(),
  startedAt: isoInstant,
  bindingMonths: z.int(),
  bindingEndsOn: localDate.nullable().meta({ description: 'the first day a downgrade or deletion is allowed; null: any day' }),
  endedAt: isoInstant.nullable(),
  endedBy: z.string().nullable(),
  endBindingOverride: z.string().nullable(),
  types: z.array(
    z.object({
      roomType: z.enum(ROOM_TYPES),
      from: isoInstant,
      by: z.string().meta({ description: 'the id of the user who made the change (command-line: the operator on the server)' }),
      bindingOverride: z.string().nullable().meta({ description: "an operator's reason to override the binding" }),
    }),
  ),
});

export const createdConferenceResponse = z.object({ conference: conferenceResponse, codes: z.array(issuedCode) });
export const issuedCodeResponse = z.object({ code: issuedCode });

export const liveConferenceResponse = z.object({
  conferenceId: z.string(),
  conferenceName: z.string().meta({ description: 'the room’s name when the meeting opened' }),
  meetingId: z.string().nullable(),
  startedAt: isoInstant.nullable(),
  locked: z.boolean(),
  listenMode: z.boolean(),
  endOnLeaderHangup: z.boolean(),
  participants: z.array(
    z.object({
      legId: z.string(),
      channelId: z.string(),
      role: z.enum(['leader', 'participant']),
      callerNumber: z.string().nullable(),
      maskedCallerNumber: z.string().nullable().meta({ description: 'the number as reports mask it (`+47xxxxxx23`); null when withheld' }),
      nameRecorded: z.boolean().meta({ description: 'the caller said their name after the code (the recording stays on the bridge)' }),
      arrivedAt: isoInstant,
      joinedAt: isoInstant.nullable().meta({ description: 'null while waiting for the leader or in the lobby' }),
      muted: z.boolean(),
      mutedByHost: z.boolean().meta({ description: 'muted by the leaders or an admin: the participant cannot unmute themself' }),
      waitingInLobby: z.boolean().meta({ description: 'waiting to be let in (admit or refuse it)' }),
      handRaised: z.boolean(),
      handRaisedAt: isoInstant.nullable().meta({ description: 'the first raised hand gets the floor first' }),
    }),
  ),
});

const usageFigures = z.object({
  meetingsHeld: z.int(),
  participantSeconds: z.int(),
  participantMinutes: z.number(),
  averageParticipants: z.number().meta({ description: 'participants per meeting' }),
  peakParticipants: z.int().meta({ description: 'most participants in one meeting at once' }),
  peakCallers: z.int().meta({ description: 'most callers at once across all the meetings counted' }),
  longestMeeting: z.object({ meetingId: z.string(), conferenceId: z.string(), durationSeconds: z.int() }).nullable(),
});

const statisticsPeriod = z.object({
  from: z.string().meta({ description: 'YYYY-MM-DD, inclusive' }),
  to: z.string().meta({ description: 'YYYY-MM-DD, inclusive' }),
  timeZone: z.string(),
  startsAt: isoInstant,
  endsAt: isoInstant.meta({ description: 'first instant after the period' }),
});

const chargeTotals = z
  .object({
    chargesOre: z.int(),
    adjustmentsOre: z.int(),
    totalExclVatOre: z.int(),
    vatRateBasisPoints: z.int().nullable().meta({ description: 'null when the period spans a VAT change: see vatByRate' }),
    vatOre: z.int(),
    totalInclVatOre: z.int(),
    vatByRate: z
      .array(z.object({ vatRateBasisPoints: z.int(), baseOre: z.int(), vatOre: z.int() }))
      .optional()
      .meta({ description: 'only across a VAT change: the base and VAT at each rate' }),
    currency: z.literal('NOK'),
  })
  .meta({ description: "the charge report's totals in øre; legs still in a meeting are charged when they close" });

const dailyFigures = z
  .array(usageFigures.extend({ date: z.string().meta({ description: 'YYYY-MM-DD in the time zone' }) }))
  .meta({ description: 'every day of the period in order, zero on days without meetings (the series a chart draws)' });

export const statisticsResponse = z.object({
  organisationId: z.string(),
  conferenceId: z.string().nullable().meta({ description: 'the room the figures are of; null for the whole organisation' }),
  period: statisticsPeriod,
  totals: usageFigures,
  charge: chargeTotals.nullable().meta({ description: "the account's charge totals; null for one room" }),
  byConference: z.array(usageFigures.extend({ conferenceId: z.string(), conferenceName: z.string() })),
  byDay: z
    .array(usageFigures.extend({ date: z.string().meta({ description: 'YYYY-MM-DD in the time zone' }) }))
    .meta({ description: 'only the days on which meetings started' }),
  daily: dailyFigures,
});

export const statisticsAcrossResponse = z.object({
  period: statisticsPeriod,
  totals: usageFigures.meta({ description: 'across every organisation listed' }),
  daily: dailyFigures,
  organisations: z.array(z.object({ organisationId: z.string(), name: z.string(), totals: usageFigures, charge: chargeTotals })),
});

export const listOf = <T extends z.ZodType>(key: string, item: T) => z.object({ [key]: z.array(item) });

/** A listing that may be asked for a page (`limit`, `offset`, `q`): the page and how many match in all. */
export const pageOf = <T extends z.ZodType>(key: string, item: T) =>
  listOf(key, item).extend({
    total: z.number().int().meta({ description: 'how many match in all (more than listed when a page was asked for)' }),
  });
