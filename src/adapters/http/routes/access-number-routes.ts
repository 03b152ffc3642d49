import { z } from 'zod';
import type { AccessNumbersService } from '../../../app/admin/access-numbers-service';
import { accessNumberView } from '../../../app/admin/admin-views';
import { ACCESS_NUMBER_FORMAT, INTERNATIONAL_NUMBER_FORMAT, MAX_LABEL_LENGTH } from '../../../domain/provisioning/access-number-rules';
import { PROMPT_LANGUAGES } from '../../../domain/prompts/languages';
import { promptLanguage } from '../request-schemas';
import { listOf } from '../response-schemas';
import { defineRoute, type Route } from '../route';
import { EVERYONE } from './role-sets';

const accessNumber = z.string().regex(ACCESS_NUMBER_FORMAT, 'must be 3 to 15 digits, optionally after a +');
const internationalNumber = z
  .string()
  .regex(INTERNATIONAL_NUMBER_FORMAT, 'must be + and 4 to 15 digits, e.g. +4722222222')
  .meta({ description: 'the number as anyone dials it (the invitations’ tel: links, the dial-in card)' });
const label = z.string().trim().min(1).max(MAX_LABEL_LENGTH).meta({ description: 'how people see it: "Oslo", "Norway toll-free"' });
const defaultLanguage = promptLanguage.meta({
  description: 'what callers of the number hear before they type the code: en (English) or nb (Norwegian bokmål)',
});

const accessNumberParams = z.object({ number: accessNumber });
const createAccessNumberBody = z.strictObject({ number: accessNumber, internationalNumber, label, defaultLanguage });
const updateAccessNumberBody = z.strictObject({ internationalNumber, label, defaultLanguage }).partial();

const accessNumberResponse = z.object({
  number: z.string().meta({ description: 'as the dialplan hands it to Kvorum, e.g. 22222222' }),
  internationalNumber: z.string().meta({ description: 'e.g. +4722222222' }),
  label: z.string(),
  defaultLanguage: z.enum(PROMPT_LANGUAGES),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});

const OPERATOR_ONLY = ['operator'] as const;

/** The directory of access numbers: read by everyone signed in, changed by the operator. */
export function accessNumberRoutes(services: { accessNumbers: AccessNumbersService }): Route[] {
  const { accessNumbers } = services;
  const tag = 'access numbers';
  return [
    defineRoute({
      method: 'get',
      path: '/access-numbers',
      tag,
      summary: 'The access numbers callers dial, with their labels and languages',
      roles: EVERYONE,
      response: { status: 200, description: 'by number', schema: listOf('accessNumbers', accessNumberResponse) },
      handle: async () => ({ status: 200, json: { accessNumbers: (await accessNumbers.list()).map(accessNumberView) } }),
    }),
    defineRoute({
      method: 'get',
      path: '/access-numbers/:number',
      tag,
      summary: 'One access number',
      roles: EVERYONE,
      params: accessNumberParams,
      response: { status: 200, description: 'the access number', schema: accessNumberResponse },
      handle: async ({ params }) => ({ status: 200, json: accessNumberView(await accessNumbers.get(params.number)) }),
    }),
    defineRoute({
      method: 'post',
      path: '/access-numbers',
      tag,
      summary: 'Add an access number to the directory',
      description:
        'The number must also be routed to Kvorum by the dialplan (asterisk-config/extensions.conf). A number that is ' +
        'not in the directory is still answered, in the configured default language (KVORUM_DEFAULT_LANGUAGE).',
      roles: OPERATOR_ONLY,
      body: createAccessNumberBody,
      response: { status: 201, description: 'the new access number', schema: accessNumberResponse },
      handle: async ({ body }) => ({ status: 201, json: accessNumberView(await accessNumbers.create(body)) }),
    }),
    defineRoute({
      method: 'patch',
      path: '/access-numbers/:number',
      tag,
      summary: 'Change the international form, the label or the default language of an access number',
      description: 'Callers already typing a code go on in the language they hear; the next callers hear the new one.',
      roles: OPERATOR_ONLY,
      params: accessNumberParams,
      body: updateAccessNumberBody,
      response: { status: 200, description: 'the access number as changed', schema: accessNumberResponse },
      handle: async ({ params, body }) => ({ status: 200, json: accessNumberView(await accessNumbers.update(params.number, body)) }),
    }),
    defineRoute({
      method: 'delete',
      path: '/access-numbers/:number',
      tag,
      summary: 'Take an access number out of the directory',
      description: 'Its callers are still answered (the dialplan decides that), in the configured default language.',
      roles: OPERATOR_ONLY,
      params: accessNumberParams,
      response: { status: 204, description: 'removed' },
      handle: async ({ params }) => {
        await accessNumbers.delete(params.number);
        return { status: 204 };
      },
    }),
  ];
}
