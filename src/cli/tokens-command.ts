import { OrganisationsRepository } from '../adapters/db/organisations-repository';
import type { Database } from '../adapters/db/database';
import { TokensRepository } from '../adapters/db/tokens-repository';
import { UsersRepository } from '../adapters/db/users-repository';
import { tokenView } from '../app/admin/admin-views';
import { ROLES, type Role } from '../app/admin/roles';
import { issueToken } from '../app/admin/tokens-service';
import { loadCliConfig, withDatabase } from './cli-database';
import { type CliContext, commandGroup, UsageError } from './command-group';
import { parseOptions, requiredOption } from './parse-options';

/** Where operators live when no organisation is named: they run the platform, not a customer. */
const PLATFORM_ORGANISATION = { name: 'Platform operators', billingReference: '-', resellerOrganisationId: null };

/**
 * API tokens from the command line, chiefly the first operator token, which
 * cannot be made over the API because nobody can call it yet.
 */
export const tokensCommand = commandGroup(
  [
    `tokens create --role ${ROLES.join('|')} --name NAME [--organisation ID] [--token-name LABEL]`,
    'tokens create --user USER_ID [--token-name LABEL]',
    'tokens list --user USER_ID',
    'tokens revoke --token TOKEN_ID',
  ],
  { create: createToken, list: listTokens, revoke: revokeToken },
);

/** Prints the new token: the only time it is ever shown. */
async function createToken(args: string[], context: CliContext): Promise<void> {
  const options = parseOptions(args, {
    role: { type: 'string' },
    name: { type: 'string' },
    organisation: { type: 'string' },
    user: { type: 'string' },
    'token-name': { type: 'string' },
  });
  const config = loadCliConfig(context.env);
  const created = await withDatabase(config, (db) => {
    const at = context.now();
    const users = new UsersRepository(db);
    const user = options.user
      ? existingUser(users, options.user, options)
      : newUser(db, users, options.role, options.name?.trim(), options.organisation, at);
    const { token, secret } = issueToken(new TokensRepository(db), user.id, options['token-name'] ?? 'command line', at);
    return { user, token: tokenView(token), secret };
  });
  context.out(JSON.stringify(created, null, 2));
}

function existingUser(users: UsersRepository, userId: string, options: { role?: string; name?: string; organisation?: string }) {
  if (options.role || options.name || options.organisation) {
    throw new UsageError('--user names an existing user: leave out --role, --name and --organisation');
  }
  const user = users.get(userId);
  if (!user) throw new UsageError('no such user');
  return user;
}

function newUser(
  db: Database,
  users: UsersRepository,
  roleText: string | undefined,
  name: string | undefined,
  organisationId: string | undefined,
  at: number,
) {
  if (!roleText) throw new UsageError('--role (or --user) is required');
  if (!isRole(roleText)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  if (!name) throw new UsageError('--name is required');
  const organisations = new OrganisationsRepository(db);
  let organisation: string;
  if (organisationId !== undefined) {
    if (!organisations.get(organisationId)) throw new UsageError('no such organisation');
    organisation = organisationId;
  } else if (roleText === 'operator') {
    organisation =
      users.list().find((user) => user.role === 'operator')?.organisationId ?? organisations.create(PLATFORM_ORGANISATION, at).id;
  } else {
    throw new UsageError(`--organisation is required for the ${roleText} role`);
  }
  return users.create({ organisationId: organisation, name, email: null, role: roleText }, at);
}

async function listTokens(args: string[], context: CliContext): Promise<void> {
  const options = parseOptions(args, { user: { type: 'string' } });
  const userId = requiredOption('--user', options.user);
  const tokens = await withDatabase(loadCliConfig(context.env), (db) => new TokensRepository(db).listForUser(userId).map(tokenView));
  context.out(JSON.stringify(tokens, null, 2));
}

async function revokeToken(args: string[], context: CliContext): Promise<void> {
  const options = parseOptions(args, { token: { type: 'string' } });
  const tokenId = requiredOption('--token', options.token);
  await withDatabase(loadCliConfig(context.env), (db) => {
    const tokens = new TokensRepository(db);
    if (!tokens.get(tokenId)) throw new UsageError('no such token');
    tokens.revoke(tokenId, context.now());
  });
  context.out(`revoked ${tokenId}`);
}

function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
