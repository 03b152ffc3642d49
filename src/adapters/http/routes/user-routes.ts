import type { AdminServices } from '../../../app/admin/admin-services';
import { isoInstant } from '../../../app/admin/admin-views';
import { presentToken, presentUser } from '../presenters';
import { createTokenBody, createUserBody, listUsersQuery, tokenParams, updateUserBody, userParams } from '../request-schemas';
import { issuedTokenResponse, listOf, meResponse, pageOf, resetCodeResponse, tokenResponse, userResponse } from '../response-schemas';
import { defineRoute, type Route } from '../route';
import { requestedPage } from './paging';
import { ADMINS, EVERYONE } from './role-sets';

export function userRoutes(services: AdminServices): Route[] {
  const tag = 'users';
  return [
    defineRoute({
      method: 'get',
      path: '/me',
      tag,
      summary: 'The caller: its user and role',
      roles: EVERYONE,
      response: { status: 200, description: 'the caller', schema: meResponse },
      handle: async ({ principal }) => ({
        status: 200,
        json: { user: presentUser(await services.users.get(principal, principal.userId)), tokenId: principal.tokenId },
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/users',
      tag,
      summary: 'List users',
      roles: ADMINS,
      query: listUsersQuery,
      description:
        'With `limit` (and `offset`, `q`): one page, ordered by name, searched by name and e-mail address; `total` counts ' +
        'every match. Without it: every user the caller sees, in order of creation.',
      response: { status: 200, description: 'the users', schema: pageOf('users', userResponse) },
      handle: async ({ principal, query }) => {
        const { organisationId, ...paging } = query;
        const request = requestedPage(paging);
        if (request === null) {
          const users = await services.users.list(principal, organisationId);
          return { status: 200, json: { users: users.map(presentUser), total: users.length } };
        }
        const page = await services.users.page(principal, organisationId, request);
        return { status: 200, json: { users: page.users.map(presentUser), total: page.total } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/users',
      tag,
      summary: 'Create a user with a role',
      roles: ADMINS,
      body: createUserBody,
      response: { status: 201, description: 'the new user', schema: userResponse },
      handle: async ({ principal, body }) => ({ status: 201, json: presentUser(await services.users.create(principal, body)) }),
    }),
    defineRoute({
      method: 'get',
      path: '/users/:userId',
      tag,
      summary: 'Get a user',
      roles: ADMINS,
      params: userParams,
      response: { status: 200, description: 'the user', schema: userResponse },
      handle: async ({ principal, params }) => ({ status: 200, json: presentUser(await services.users.get(principal, params.userId)) }),
    }),
    defineRoute({
      method: 'patch',
      path: '/users/:userId',
      tag,
      summary: "Change a user's name, e-mail or role",
      roles: ADMINS,
      params: userParams,
      body: updateUserBody,
      response: { status: 200, description: 'the user as changed', schema: userResponse },
      handle: async ({ principal, params, body }) => ({
        status: 200,
        json: presentUser(await services.users.update(principal, params.userId, body)),
      }),
    }),
    defineRoute({
      method: 'delete',
      path: '/users/:userId',
      tag,
      summary: 'Delete a user and revoke its tokens',
      roles: ADMINS,
      params: userParams,
      response: { status: 204, description: 'deleted' },
      handle: async ({ principal, params }) => {
        await services.users.delete(principal, params.userId);
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/users/:userId/deactivate',
      tag,
      summary: 'Deactivate a user: it cannot sign in, its sessions end and its tokens stop working',
      description:
        'For a user the caller manages, within the token rule: an org admin or a reseller for users of a lower role, the ' +
        'operator for anyone; never the caller itself nor the last active operator (409). The user keeps its rooms, ' +
        'bookings, licences and history; its rooms keep admitting callers. Deactivating a deactivated user changes nothing.',
      roles: ADMINS,
      params: userParams,
      response: { status: 200, description: 'the user, deactivated', schema: userResponse },
      handle: async ({ principal, params }) => ({
        status: 200,
        json: presentUser(await services.users.deactivate(principal, params.userId)),
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/users/:userId/reactivate',
      tag,
      summary: 'Reactivate a user: it signs in again and its tokens that were not revoked work again',
      description: 'Under the same rule as deactivating. Reactivating an active user changes nothing.',
      roles: ADMINS,
      params: userParams,
      response: { status: 200, description: 'the user, active', schema: userResponse },
      handle: async ({ principal, params }) => ({
        status: 200,
        json: presentUser(await services.users.reactivate(principal, params.userId)),
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/users/:userId/password-reset',
      tag,
      summary: 'Issue a one-time code with which the user sets its password; shown once',
      description:
        'For a user the caller manages, within the token rule (a code, like a token, lets its holder act as the user): ' +
        'an org admin or a reseller for itself and users of a lower role, the operator for anyone. The user needs an ' +
        'e-mail address of its own (409 otherwise). The code is valid for 24 hours, once; a new one retires the older.',
      roles: ADMINS,
      params: userParams,
      response: { status: 201, description: 'the code', schema: resetCodeResponse },
      handle: async ({ principal, params }) => {
        const { resetCode, expiresAt } = await services.passwords.issueResetCode(principal, params.userId);
        return { status: 201, json: { resetCode, expiresAt: isoInstant(expiresAt) } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/users/:userId/tokens',
      tag: 'tokens',
      summary: "List a user's API tokens (never their secrets)",
      description: 'Every user lists its own tokens; an admin also those of the users it manages.',
      roles: EVERYONE,
      params: userParams,
      response: { status: 200, description: 'the tokens', schema: listOf('tokens', tokenResponse) },
      handle: async ({ principal, params }) => ({
        status: 200,
        json: { tokens: (await services.tokens.list(principal, params.userId)).map(presentToken) },
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/users/:userId/tokens',
      tag: 'tokens',
      summary: 'Create an API token for a user; the secret is shown once',
      description:
        'An admin issues tokens for itself and for the users it manages of a lower role (an org admin not for another ' +
        'org admin, a reseller not for a reseller); the operator for anyone. The token records who issued it.',
      roles: ADMINS,
      params: userParams,
      body: createTokenBody,
      response: { status: 201, description: 'the token and its secret', schema: issuedTokenResponse },
      handle: async ({ principal, params, body }) => {
        const { token, secret } = await services.tokens.create(principal, params.userId, body.name);
        return { status: 201, json: { token: presentToken(token), secret } };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/tokens/:tokenId',
      tag: 'tokens',
      summary: 'Revoke an API token',
      description: 'Every user revokes its own tokens; an admin also those of the users it manages.',
      roles: EVERYONE,
      params: tokenParams,
      response: { status: 204, description: 'revoked' },
      handle: async ({ principal, params }) => {
        await services.tokens.revoke(principal, params.tokenId);
        return { status: 204 };
      },
    }),
  ];
}
