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
import { conferenceResponse, createdConferenceResponse, issuedCodeResponse, listOf, roomSubscriptionResponse } from '../response-schemas';
import { defineRoute, type Route } from '../route';
import { CONFERENCE_MANAGERS } from './role-sets';

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
      response: { status: 200, description: 'the conferences', schema: listOf('conferences', conferenceResponse) },
      handle: ({ principal, query }) => ({
        status: 200,
        json: { conferences: services.conferences.list(principal, query).map(presentConference) },
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/conferences',
      tag,
      summary: 'Create a conference; its codes are shown once, in this response',
      roles: CONFERENCE_MANAGERS,
      body: createConferenceBody,
      response: { status: 201, description: 'the conference and its codes', schema: createdConferenceResponse },
      handle: ({ principal, body }) => {
        const { codes: codeKind, ...settings } = body;
        const { conference, codes } = services.conferences.create(principal, { ...settings, codes: { kind: codeKind } });
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
      handle: ({ principal, params }) => ({
        status: 200,
        json: presentConference(services.conferences.get(principal, params.conferenceId)),
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
      handle: ({ principal, params, body }) => {
        const { bindingOverrideReason, ...patch } = body;
        return {
          status: 200,
          json: presentConference(services.conferences.update(principal, params.conferenceId, patch, bindingOverrideReason)),
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
      handle: ({ principal, params, query }) => {
        services.conferences.delete(principal, params.conferenceId, query.bindingOverrideReason);
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
      handle: ({ principal, params }) => ({
        status: 200,
        json: roomSubscriptionView(services.conferences.subscription(principal, params.conferenceId)),
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/conferences/:conferenceId/codes/:role/reset',
      tag,
      summary: 'Replace a code with a new one, shown once; the next caller needs the new code',
      roles: CONFERENCE_MANAGERS,
      params: codeResetParams,
      response: { status: 200, description: 'the new code', schema: issuedCodeResponse },
      handle: ({ principal, params }) => ({
        status: 200,
        json: { code: services.conferences.resetCode(principal, params.conferenceId, params.role) },
      }),
    }),
  ];
}
