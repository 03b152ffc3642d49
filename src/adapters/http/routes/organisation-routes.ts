import type { AdminServices } from '../../../app/admin/admin-services';
import { presentOrganisation, presentStatistics, presentStatisticsAcross } from '../presenters';
import {
  createOrganisationBody,
  organisationConferenceParams,
  organisationParams,
  periodQuery,
  updateOrganisationBody,
} from '../request-schemas';
import { listOf, organisationResponse, statisticsAcrossResponse, statisticsResponse } from '../response-schemas';
import { defineRoute, type Route } from '../route';
import { ADMINS, REPORT_READERS } from './role-sets';

export function organisationRoutes(services: AdminServices): Route[] {
  const tag = 'organisations';
  return [
    defineRoute({
      method: 'get',
      path: '/organisations',
      tag,
      summary: 'List the organisations the caller can see',
      roles: REPORT_READERS,
      response: { status: 200, description: 'the organisations', schema: listOf('organisations', organisationResponse) },
      handle: async ({ principal }) => ({
        status: 200,
        json: { organisations: (await services.organisations.list(principal)).map(presentOrganisation) },
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/organisations',
      tag,
      summary: 'Create an organisation (a reseller creates its own customers)',
      roles: ['operator', 'reseller'],
      body: createOrganisationBody,
      response: { status: 201, description: 'the new organisation', schema: organisationResponse },
      handle: async ({ principal, body }) => ({
        status: 201,
        json: presentOrganisation(await services.organisations.create(principal, body)),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/organisations/:organisationId',
      tag,
      summary: 'Get an organisation',
      roles: REPORT_READERS,
      params: organisationParams,
      response: { status: 200, description: 'the organisation', schema: organisationResponse },
      handle: async ({ principal, params }) => ({
        status: 200,
        json: presentOrganisation(await services.organisations.get(principal, params.organisationId)),
      }),
    }),
    defineRoute({
      method: 'patch',
      path: '/organisations/:organisationId',
      tag,
      summary: 'Change an organisation',
      roles: ADMINS,
      params: organisationParams,
      body: updateOrganisationBody,
      response: { status: 200, description: 'the organisation as changed', schema: organisationResponse },
      handle: async ({ principal, params, body }) => ({
        status: 200,
        json: presentOrganisation(await services.organisations.update(principal, params.organisationId, body)),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/organisations/:organisationId/statistics',
      tag,
      summary: 'Usage statistics of an organisation for a period',
      description:
        'Meetings that started in [from, to): meetings held, participant-minutes, rated charges, average and peak ' +
        'participants, peak callers (at once across all meetings), longest meeting, by conference and by day ' +
        '(calendar days in the configured time zone), and `daily`: every day of the period, for charts; at most 13 months.',
      roles: REPORT_READERS,
      params: organisationParams,
      query: periodQuery,
      response: { status: 200, description: 'the statistics', schema: statisticsResponse },
      handle: async ({ principal, params, query }) => ({
        status: 200,
        json: presentStatistics(await services.statistics.forOrganisation(principal, params.organisationId, query.from, query.to)),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/organisations/:organisationId/conferences/:conferenceId/statistics',
      tag,
      summary: 'Usage statistics of one room of an organisation for a period',
      description:
        'The same figures as the organisation’s, counting only the meetings of this room; `charge` is null (VAT, ' +
        'adjustments and fees are the account’s). 404 for a room of another organisation.',
      roles: REPORT_READERS,
      params: organisationConferenceParams,
      query: periodQuery,
      response: { status: 200, description: 'the statistics of the room', schema: statisticsResponse },
      handle: async ({ principal, params, query }) => ({
        status: 200,
        json: presentStatistics(
          await services.statistics.forRoom(principal, params.organisationId, params.conferenceId, query.from, query.to),
        ),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/statistics',
      tag,
      summary: 'Usage statistics across the organisations the caller can see, for a period',
      description:
        'A reseller’s view of its own organisation and those it resells (the operator’s: every one; anyone else: its ' +
        'own): totals and `daily` across them all (peak callers counts everyone connected at once in any of them), ' +
        'and each organisation’s totals and charge, by name.',
      roles: REPORT_READERS,
      query: periodQuery,
      response: { status: 200, description: 'the statistics across organisations', schema: statisticsAcrossResponse },
      handle: async ({ principal, query }) => ({
        status: 200,
        json: presentStatisticsAcross(await services.statistics.acrossOrganisations(principal, query.from, query.to)),
      }),
    }),
  ];
}
