import type { AdminServices } from '../../../app/admin/admin-services';
import { parseLocalDate, type LocalDate } from '../../../domain/billing/calendar';
import { presentLicence, presentPlan } from '../booking-presenters';
import {
  assignLicenceBody,
  createPlanBody,
  defaultPlanBody,
  endLicenceBody,
  licenceParams,
  licenceResponse,
  planParams,
  planResponse,
  updatePlanBody,
} from '../booking-schemas';
import { organisationParams, userParams } from '../request-schemas';
import { listOf } from '../response-schemas';
import { defineRoute, type Route } from '../route';
import { ADMINS, REPORT_READERS } from './role-sets';

const dateOf = (text: string): LocalDate => parseLocalDate(text) as LocalDate;

/** Licence plans (the operator's) and the personal licences of hosts. */
export function licenceRoutes(services: AdminServices): Route[] {
  const tag = 'licences';
  const { licensing } = services;
  const plans = async () => {
    const defaultId = (await licensing.defaultPlan()).id;
    return (await licensing.plans()).map((plan) => presentPlan(plan, defaultId));
  };
  return [
    defineRoute({
      method: 'get',
      path: '/licence-plans',
      tag,
      summary: 'List the licence plans, with the default for rooms whose owner holds no licence',
      roles: REPORT_READERS,
      response: { status: 200, description: 'the plans', schema: listOf('plans', planResponse) },
      handle: async () => ({ status: 200, json: { plans: await plans() } }),
    }),
    defineRoute({
      method: 'post',
      path: '/licence-plans',
      tag,
      summary: 'Add a licence plan',
      roles: ['operator'],
      body: createPlanBody,
      response: { status: 201, description: 'the plan', schema: planResponse },
      handle: async ({ principal, body }) => ({
        status: 201,
        json: presentPlan(await licensing.createPlan(principal, body), (await licensing.defaultPlan()).id),
      }),
    }),
    defineRoute({
      method: 'patch',
      path: '/licence-plans/:planId',
      tag,
      summary: "Change a plan's name, limits or price (a new price is for licences assigned from now on)",
      roles: ['operator'],
      params: planParams,
      body: updatePlanBody,
      response: { status: 200, description: 'the plan', schema: planResponse },
      handle: async ({ principal, params, body }) => ({
        status: 200,
        json: presentPlan(await licensing.updatePlan(principal, params.planId, body), (await licensing.defaultPlan()).id),
      }),
    }),
    defineRoute({
      method: 'put',
      path: '/licence-default-plan',
      tag,
      summary: 'Choose the plan of rooms whose owner holds no licence (unlimited until the operator chooses)',
      roles: ['operator'],
      body: defaultPlanBody,
      response: { status: 200, description: 'the default plan', schema: planResponse },
      handle: async ({ principal, body }) => ({
        status: 200,
        json: presentPlan(await licensing.setDefaultPlan(principal, body.planId), body.planId),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/users/:userId/licences',
      tag,
      summary: "A user's licences, past and present",
      roles: REPORT_READERS,
      params: userParams,
      response: { status: 200, description: 'the licences', schema: listOf('licences', licenceResponse) },
      handle: async ({ principal, params }) => ({
        status: 200,
        json: { licences: (await licensing.licencesOfUser(principal, params.userId)).map(presentLicence) },
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/users/:userId/licences',
      tag,
      summary: "Give a person a licence (never a shared mailbox; one licence at a time); its fee goes on the organisation's report",
      roles: ADMINS,
      params: userParams,
      body: assignLicenceBody,
      response: { status: 201, description: 'the licence', schema: licenceResponse },
      handle: async ({ principal, params, body }) => ({
        status: 201,
        json: presentLicence(
          await licensing.assign(principal, params.userId, {
            planId: body.planId,
            ...(body.startsOn !== undefined ? { startsOn: dateOf(body.startsOn) } : {}),
            ...(body.endsOn !== undefined ? { endsOn: body.endsOn === null ? null : dateOf(body.endsOn) } : {}),
          }),
        ),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/organisations/:organisationId/licences',
      tag,
      summary: "An organisation's licences",
      roles: REPORT_READERS,
      params: organisationParams,
      response: { status: 200, description: 'the licences', schema: listOf('licences', licenceResponse) },
      handle: async ({ principal, params }) => ({
        status: 200,
        json: { licences: (await licensing.licencesOfOrganisation(principal, params.organisationId)).map(presentLicence) },
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/licences/:licenceId/end',
      tag,
      summary: 'End a licence on a day (default today, inclusive): the fee runs until then',
      roles: ADMINS,
      params: licenceParams,
      body: endLicenceBody,
      response: { status: 200, description: 'the licence', schema: licenceResponse },
      handle: async ({ principal, params, body }) => ({
        status: 200,
        json: presentLicence(await licensing.end(principal, params.licenceId, body.endsOn === undefined ? undefined : dateOf(body.endsOn))),
      }),
    }),
  ];
}
