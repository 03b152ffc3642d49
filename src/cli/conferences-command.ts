import { createCodeHasher } from '../adapters/db/code-hash';
import { ConferenceError } from '../adapters/db/conference-error';
import { type CodesRequest, ConferencesRepository } from '../adapters/db/conferences-repository';
import type { Database } from '../adapters/db/database';
import { OrganisationsRepository } from '../adapters/db/organisations-repository';
import { isRoomType, ROOM_TYPES, type RoomType } from '../domain/room-types';
import { loadCodeSecret } from '../config';
import { loadCliConfig, withDatabase } from './cli-database';
import { type CliContext, commandGroup, UsageError } from './command-group';
import { parseOptions, requiredOption } from './parse-options';

/** Conferences made on the command line without `--organisation` go to this account, made on first use. */
const DEFAULT_ORGANISATION = { name: 'Default', billingReference: '-' };

export const conferencesCommand = commandGroup(
  [
    'conferences create --name NAME [--leader-code D --participant-code D | --single-code D] ' +
      `[--organisation ID] [--room-type ${ROOM_TYPES.join('|')}] [--language L] [--no-tones] ` +
      '[--end-on-leader-hangup true|false]',
    'conferences list [--organisation ID]',
  ],
  { create: createConference, list: listConferences },
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
  });
  const name = requiredOption('--name', options.name?.trim());
  const codes = codesRequest(options['leader-code'], options['participant-code'], options['single-code']);
  const roomType = optionalRoomType(options['room-type']);
  const endOnLeaderHangup = optionalBoolean('--end-on-leader-hangup', options['end-on-leader-hangup']);
  const config = loadCliConfig(context.env);
  const hashCode = createCodeHasher(loadCodeSecret(context.env));

  const created = await withDatabase(config, (db) => {
    const at = context.now();
    const organisationId = options.organisation ?? defaultOrganisationId(db, at);
    return refusalsAsUsageErrors(() =>
      new ConferencesRepository(db, hashCode).create(
        {
          organisationId,
          name,
          roomType,
          language: options.language,
          joinLeaveTones: !options['no-tones'],
          endOnLeaderHangup,
          codes,
        },
        at,
      ),
    );
  });
  context.out(JSON.stringify(created, null, 2));
}

async function listConferences(args: string[], context: CliContext): Promise<void> {
  const options = parseOptions(args, { organisation: { type: 'string' } });
  const config = loadCliConfig(context.env);
  const hashCode = createCodeHasher(loadCodeSecret(context.env));
  const list = await withDatabase(config, (db) => new ConferencesRepository(db, hashCode).list({ organisationId: options.organisation }));
  context.out(JSON.stringify(list, null, 2));
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

function defaultOrganisationId(db: Database, at: number): string {
  const organisations = new OrganisationsRepository(db);
  const existing = organisations.list().find((organisation) => organisation.name === DEFAULT_ORGANISATION.name);
  return (existing ?? organisations.create(DEFAULT_ORGANISATION, at)).id;
}

/** The options that carry the repository's input fields, to name them in messages. */
const OPTION_OF_FIELD: Record<string, string> = {
  'codes.leader': '--leader-code',
  'codes.participant': '--participant-code',
  'codes.single': '--single-code',
  organisationId: '--organisation',
};

/** A conference rule refusing the input is the user's to fix: exit code 2. */
function refusalsAsUsageErrors<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (!(error instanceof ConferenceError)) throw error;
    const option = error.field === undefined ? undefined : OPTION_OF_FIELD[error.field];
    throw new UsageError(option ? `${option}: ${error.message.replace(`${error.field} `, '')}` : error.message);
  }
}
