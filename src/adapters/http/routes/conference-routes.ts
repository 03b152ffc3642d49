import { writtenKeypadCard } from '../../../domain/keypad/keypad-help';
import { PROMPT_LANGUAGES } from '../../../domain/prompts/languages';
import { issuedCodeList } from '../../../domain/provisioning/conference-codes';
import type { AdminServices } from '../../../app/admin/admin-services';
import { roomSubscriptionView } from '../../../app/admin/room-subscription-view';
import { presentConference } from '../presenters';
import {
  codeResetParams,
  conferenceParams,
  createConferenceBody,
  deleteConferenceQuery,
  listConferencesQuery,
  updateConferenceBody,
} from '../request-schemas';
import { z } from 'zod';
import { conferenceResponse, createdConferenceResponse, issuedCodeResponse, pageOf, roomSubscriptionResponse } from '../response-schemas';
import { defineRoute, type Route } from '../route';
import { requestedPage } from './paging';
import { CONFERENCE_MANAGERS } from './role-sets';

const keypadRows = z.array(z.object({ keys: z.string(), text: z.string() }));

const dialInCardResponse = z.object({
  conferenceId: z.string(),
  name: z.string(),
  language: z.enum(PROMPT_LANGUAGES),
  codeKind: z.enum(['pair', 'single']),
  accessNumbers: z.array(z.object({ number: z.string(), internationalNumber: z.string(), label: z.string() })),
  keypad: z.object({ leader: keypadRows, participant: keypadRows }),
});

const dialInCardQuery = z.strictObject({
  language: z.enum(PROMPT_LANGUAGES).optional().meta({ description: "the card's language; default the room's" }),
});

export function conferenceRoutes(services: AdminServices): Route[] {
  const tag = 'conferences';
  return [
    defineRoute({
      method: 'get',
      path: '/conferences',
      tag,
      summary: 'List conferences (a user sees only its own)',
      roles: CONFERENCE_MANAGERS,
      query: listConferencesQuery,
      description:
        'With `limit` (and `offset`, `q`): one page, ordered by name, searched by name; `total` counts every match. ' +
        'Without it: every room the caller sees, in order of creation.',
      response: { status: 200, description: 'the conferences', schema: pageOf('conferences', conferenceResponse) },
      handle: async ({ principal, query }) => {
        const { q, limit, offset, ...filter } = query;
        const request = requestedPage({ q, limit, offset });
        if (request === null) {
          const conferences = await services.conferences.list(principal, filter);
          return { status: 200, json: { conferences: conferences.map(presentConference), total: conferences.length } };
        }
        const page = await services.conferences.page(principal, filter, request);
        return { status: 200, json: { conferences: page.conferences.map(presentConference), total: page.total } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/conferences',
      tag,
      summary: 'Create a conference; its codes are shown once, in this response',
      roles: CONFERENCE_MANAGERS,
      body: createConferenceBody,
      response: { status: 201, description: 'the conference and its codes', schema: createdConferenceResponse },
      handle: async ({ principal, body }) => {
        const { codes: codeKind, ...settings } = body;
        const { conference, codes } = await services.conferences.create(principal, { ...settings, codes: { kind: codeKind } });
        return { status: 201, json: { conference: presentConference(conference), codes: issuedCodeList(codes) } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/conferences/:conferenceId',
      tag,
      summary: 'Get a conference (never its codes)',
      roles: CONFERENCE_MANAGERS,
      params: conferenceParams,
      response: { status: 200, description: 'the conference', schema: conferenceResponse },
      handle: async ({ principal, params }) => ({
        status: 200,
        json: presentConference(await services.conferences.get(principal, params.conferenceId)),
      }),
    }),
    defineRoute({
      method: 'patch',
      path: '/conferences/:conferenceId',
      tag,
      summary: 'Change the settings of a conference',
      description:
        'A room may be upgraded to a larger type at any time; a downgrade inside the first 12 months of its subscription is ' +
        'refused (409, with the date from which it is allowed) unless an operator gives bindingOverrideReason.',
      roles: CONFERENCE_MANAGERS,
      params: conferenceParams,
      body: updateConferenceBody,
      response: { status: 200, description: 'the conference as changed', schema: conferenceResponse },
      handle: async ({ principal, params, body }) => {
        const { bindingOverrideReason, ...patch } = body;
        return {
          status: 200,
          json: presentConference(await services.conferences.update(principal, params.conferenceId, patch, bindingOverrideReason)),
        };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/conferences/:conferenceId',
      tag,
      summary: 'Delete a conference, ending its meeting in progress first',
      description:
        'Legs and charges of past and ended meetings are kept, and so is the history of its subscription. A room sold by the ' +
        'month cannot be deleted inside the first 12 months of its subscription (409, with the date from which it can) ' +
        'unless an operator gives bindingOverrideReason.',
      roles: CONFERENCE_MANAGERS,
      params: conferenceParams,
      query: deleteConferenceQuery,
      response: { status: 204, description: 'deleted' },
      handle: async ({ principal, params, query }) => {
        await services.conferences.delete(principal, params.conferenceId, query.bindingOverrideReason);
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/conferences/:conferenceId/subscription',
      tag,
      summary: 'The room’s subscription: when it started, its binding, every type it has had',
      roles: CONFERENCE_MANAGERS,
      params: conferenceParams,
      response: { status: 200, description: 'the subscription and its history', schema: roomSubscriptionResponse },
      handle: async ({ principal, params }) => ({
        status: 200,
        json: roomSubscriptionView(await services.conferences.subscription(principal, params.conferenceId)),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/conferences/:conferenceId/dial-in-card',
      tag,
      summary: 'What to send the people who call in: the access numbers and the keypad card (never the codes)',
      description:
        'The same access numbers and keypad card, worded as the spoken help words it, as the booking e-mails carry. ' +
        'The codes are shown only when they are made (create, reset).',
      roles: CONFERENCE_MANAGERS,
      params: conferenceParams,
      query: dialInCardQuery,
      response: { status: 200, description: 'the dial-in card', schema: dialInCardResponse },
      handle: async ({ principal, params, query }) => {
        const conference = await services.conferences.get(principal, params.conferenceId);
        const language = query.language ?? conference.language;
        return {
          status: 200,
          json: {
            conferenceId: conference.id,
            name: conference.name,
            language,
            codeKind: conference.codeKind,
            accessNumbers: (await services.accessNumbers.list()).map(({ number, internationalNumber, label }) => ({
              number,
              internationalNumber,
              label,
            })),
            keypad: { leader: writtenKeypadCard('leader', language), participant: writtenKeypadCard('participant', language) },
          },
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/conferences/:conferenceId/codes/:role/reset',
      tag,
      summary: 'Replace a code with a new one, shown once; the next caller needs the new code',
      roles: CONFERENCE_MANAGERS,
      params: codeResetParams,
      response: { status: 200, description: 'the new code', schema: issuedCodeResponse },
      handle: async ({ principal, params }) => ({
        status: 200,
        json: { code: await services.conferences.resetCode(principal, params.conferenceId, params.role) },
      }),
    }),
  ];
}
