import type { AdminServices } from '../app/admin/admin-services';
import { LOCAL_OPERATOR } from '../app/admin/roles';
import { roomSubscriptionView } from '../app/admin/room-subscription-view';
import type { CodesRequest } from '../domain/provisioning/conference-codes';
import { isRoomType, ROOM_TYPES, type RoomType } from '../domain/room-types';
import { optionalLanguage } from './language-option';
import { loadCliConfig, withServices } from './cli-database';
import { type CliContext, commandGroup, UsageError } from './command-group';
import { parseOptions, requiredOption } from './parse-options';

/** Conferences made on the command line without `--organisation` go to this account, made on first use. */
const DEFAULT_ORGANISATION = { name: 'Default', billingReference: '-' };

export const conferencesCommand = commandGroup(
  [
    'conferences create --name NAME [--leader-code D --participant-code D | --single-code D] ' +
      `[--organisation ID] [--room-type ${ROOM_TYPES.join('|')}] [--language en|nb] [--no-tones] ` +
      '[--end-on-leader-hangup true|false] [--admission-required true|false] [--names-recorded true|false]',
    'conferences list [--organisation ID]',
    `conferences update --id ID [--name NAME] [--room-type ${ROOM_TYPES.join('|')}] ` +
      '[--admission-required true|false] [--names-recorded true|false] [--override-binding REASON]',
    'conferences delete --id ID [--override-binding REASON]',
    'conferences subscription --id ID',
  ],
  { create: createConference, list: listConferences, update: updateConference, delete: deleteConference, subscription: showSubscription },
  'command',
  // The options that carry the services' input fields, to name them in messages.
  {
    'codes.leader': '--leader-code',
    'codes.participant': '--participant-code',
    'codes.single': '--single-code',
    organisationId: '--organisation',
    name: '--name',
    roomType: '--room-type',
  },
);

/** Prints the new conference with its codes: the only time the codes are shown. */
async function createConference(args: string[], context: CliContext): Promise<void> {
  const options = parseOptions(args, {
    name: { type: 'string' },
    'leader-code': { type: 'string' },
    'participant-code': { type: 'string' },
    'single-code': { type: 'string' },
    organisation: { type: 'string' },
    'room-type': { type: 'string' },
    language: { type: 'string' },
    'no-tones': { type: 'boolean' },
    'end-on-leader-hangup': { type: 'string' },
    'admission-required': { type: 'string' },
    'names-recorded': { type: 'string' },
  });
  const name = requiredOption('--name', options.name?.trim());
  const codes = codesRequest(options['leader-code'], options['participant-code'], options['single-code']);
  const roomType = optionalRoomType(options['room-type']);
  const language = optionalLanguage(options.language);
  const endOnLeaderHangup = optionalBoolean('--end-on-leader-hangup', options['end-on-leader-hangup']);
  const admissionRequired = optionalBoolean('--admission-required', options['admission-required']);
  const namesRecorded = optionalBoolean('--names-recorded', options['names-recorded']);
  const config = loadCliConfig(context.env);
  const created = await withServices(
    context,
    config,
    { hashesCodes: true },
    async ({ admin }) =>
      await admin.conferences.create(LOCAL_OPERATOR, {
        organisationId: options.organisation ?? (await defaultOrganisationId(admin)),
        name,
        roomType,
        language,
        joinLeaveTones: !options['no-tones'],
        endOnLeaderHangup,
        admissionRequired,
        namesRecorded,
        codes,
      }),
  );
  context.out(JSON.stringify(created, null, 2));
}

async function listConferences(args: string[], context: CliContext): Promise<void> {
  const options = parseOptions(args, { organisation: { type: 'string' } });
  const config = loadCliConfig(context.env);
  const list = await withServices(
    context,
    config,
    { hashesCodes: true },
    async ({ admin }) => await admin.conferences.list(LOCAL_OPERATOR, { organisationId: options.organisation }),
  );
  context.out(JSON.stringify(list, null, 2));
}

/**
 * Changes a room's name, type, admission or recorded names. A downgrade inside the room's binding is
 * refused with the day it is allowed from, unless `--override-binding` gives
 * the operator's reason (kept in the subscription's history and logged).
 */
async function updateConference(args: string[], context: CliContext): Promise<void> {
  const options = parseOptions(args, {
    id: { type: 'string' },
    name: { type: 'string' },
    'room-type': { type: 'string' },
    'admission-required': { type: 'string' },
    'names-recorded': { type: 'string' },
    'override-binding': { type: 'string' },
  });
  const id = requiredOption('--id', options.id);
  const name = options.name === undefined ? undefined : requiredOption('--name', options.name.trim());
  const roomType = optionalRoomType(options['room-type']);
  const admissionRequired = optionalBoolean('--admission-required', options['admission-required']);
  const namesRecorded = optionalBoolean('--names-recorded', options['names-recorded']);
  const bindingOverride = overrideReason(options['override-binding']);
  const config = loadCliConfig(context.env);
  const updated = await withServices(
    context,
    config,
    { hashesCodes: false },
    async ({ admin }) =>
      await admin.conferences.update(LOCAL_OPERATOR, id, { name, roomType, admissionRequired, namesRecorded }, bindingOverride),
  );
  context.out(JSON.stringify(updated, null, 2));
}

/** Deletes a room; inside its binding only with `--override-binding`. */
async function deleteConference(args: string[], context: CliContext): Promise<void> {
  const options = parseOptions(args, { id: { type: 'string' }, 'override-binding': { type: 'string' } });
  const id = requiredOption('--id', options.id);
  const bindingOverride = overrideReason(options['override-binding']);
  const config = loadCliConfig(context.env);
  await withServices(
    context,
    config,
    { hashesCodes: false },
    async ({ admin }) => await admin.conferences.delete(LOCAL_OPERATOR, id, bindingOverride),
  );
  context.out(JSON.stringify({ deleted: id }, null, 2));
}

async function showSubscription(args: string[], context: CliContext): Promise<void> {
  const options = parseOptions(args, { id: { type: 'string' } });
  const id = requiredOption('--id', options.id);
  const config = loadCliConfig(context.env);
  const subscription = await withServices(
    context,
    config,
    { hashesCodes: false },
    async ({ admin }) => await admin.conferences.subscription(LOCAL_OPERATOR, id),
  );
  context.out(JSON.stringify(roomSubscriptionView(subscription), null, 2));
}

function overrideReason(value: string | undefined): string | undefined {
  return value === undefined ? undefined : requiredOption('--override-binding', value.trim());
}

function codesRequest(leader?: string, participant?: string, single?: string): CodesRequest {
  if (single === undefined) return { kind: 'pair', leader, participant };
  if (leader !== undefined || participant !== undefined) {
    throw new UsageError('give either --leader-code/--participant-code or --single-code, not both');
  }
  return { kind: 'single', single };
}

function optionalRoomType(value: string | undefined): RoomType | undefined {
  if (value === undefined || isRoomType(value)) return value;
  throw new UsageError(`--room-type must be one of ${ROOM_TYPES.join(', ')}`);
}

function optionalBoolean(option: string, value: string | undefined): boolean | undefined {
  switch (value) {
    case undefined:
      return undefined;
    case 'true':
      return true;
    case 'false':
      return false;
    default:
      throw new UsageError(`${option} must be true or false`);
  }
}

async function defaultOrganisationId(admin: AdminServices): Promise<string> {
  const existing = (await admin.organisations.list(LOCAL_OPERATOR)).find((organisation) => organisation.name === DEFAULT_ORGANISATION.name);
  return (existing ?? (await admin.organisations.create(LOCAL_OPERATOR, DEFAULT_ORGANISATION))).id;
}
