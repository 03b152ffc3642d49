import type { AdminServices } from '../app/admin/admin-services';
import { tokenView } from '../app/admin/admin-views';
import { LOCAL_OPERATOR, ROLES, type Role } from '../app/admin/roles';
import type { AdminUser } from '../app/ports/admin-stores';
import { loadCliConfig, withServices } from './cli-database';
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
  const created = await withServices(context, loadCliConfig(context.env), { hashesCodes: false }, async ({ admin }) => {
    const user = options.user
      ? await existingUser(admin, options.user, options)
      : await newUser(admin, options.role, options.name?.trim(), options.organisation);
    const { token, secret } = await admin.tokens.create(LOCAL_OPERATOR, user.id, options['token-name'] ?? 'command line');
    return { user, token: tokenView(token), secret };
  });
  context.out(JSON.stringify(created, null, 2));
}

async function existingUser(
  admin: AdminServices,
  userId: string,
  options: { role?: string; name?: string; organisation?: string },
): Promise<AdminUser> {
  if (options.role || options.name || options.organisation) {
    throw new UsageError('--user names an existing user: leave out --role, --name and --organisation');
  }
  return await admin.users.get(LOCAL_OPERATOR, userId);
}

async function newUser(
  admin: AdminServices,
  roleText: string | undefined,
  name: string | undefined,
  organisationId: string | undefined,
): Promise<AdminUser> {
  if (!roleText) throw new UsageError('--role (or --user) is required');
  if (!isRole(roleText)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  if (!name) throw new UsageError('--name is required');
  let organisation: string;
  if (organisationId !== undefined) {
    organisation = (await admin.organisations.get(LOCAL_OPERATOR, organisationId)).id;
  } else if (roleText === 'operator') {
    organisation =
      (await admin.users.list(LOCAL_OPERATOR)).find((user) => user.role === 'operator')?.organisationId ??
      (await admin.organisations.create(LOCAL_OPERATOR, PLATFORM_ORGANISATION)).id;
  } else {
    throw new UsageError(`--organisation is required for the ${roleText} role`);
  }
  return await admin.users.create(LOCAL_OPERATOR, { organisationId: organisation, name, email: null, role: roleText });
}

async function listTokens(args: string[], context: CliContext): Promise<void> {
  const options = parseOptions(args, { user: { type: 'string' } });
  const userId = requiredOption('--user', options.user);
  const tokens = await withServices(context, loadCliConfig(context.env), { hashesCodes: false }, async ({ admin }) =>
    (await admin.tokens.list(LOCAL_OPERATOR, userId)).map(tokenView),
  );
  context.out(JSON.stringify(tokens, null, 2));
}

async function revokeToken(args: string[], context: CliContext): Promise<void> {
  const options = parseOptions(args, { token: { type: 'string' } });
  const tokenId = requiredOption('--token', options.token);
  await withServices(
    context,
    loadCliConfig(context.env),
    { hashesCodes: false },
    async ({ admin }) => await admin.tokens.revoke(LOCAL_OPERATOR, tokenId),
  );
  context.out(`revoked ${tokenId}`);
}

function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
