import { isoInstant, userView } from '../app/admin/admin-views';
import { LOCAL_OPERATOR } from '../app/admin/roles';
import { SIGN_IN_EMAIL } from '../domain/access/sign-in-email';
import { loadCliConfig, withServices } from './cli-database';
import { type CliContext, commandGroup, UsageError } from './command-group';
import { parseOptions, requiredOption } from './parse-options';

/**
 * Portal sign-in from the command line: the first operator's password
 * cannot be set over the API because nobody can sign in yet. Deactivating
 * and reactivating follow the API's rules (never the last active operator).
 */
export const usersCommand = commandGroup(
  ['users password-reset --user USER_ID [--email ADDRESS]', 'users deactivate --user USER_ID', 'users reactivate --user USER_ID'],
  {
    'password-reset': passwordReset,
    deactivate: (args, context) => changeActive(args, context, 'deactivate'),
    reactivate: (args, context) => changeActive(args, context, 'reactivate'),
  },
);

/**
 * Prints a one-time code with which the user sets its password (POST
 * /api/v1/password): the only time it is shown. `--email` first gives the
 * user the address it signs in with (a user made by `tokens create` has none).
 */
async function passwordReset(args: string[], context: CliContext): Promise<void> {
  const options = parseOptions(args, { user: { type: 'string' }, email: { type: 'string' } });
  const userId = requiredOption('--user', options.user);
  const email = options.email?.trim();
  if (email !== undefined && !SIGN_IN_EMAIL.test(email)) throw new UsageError('--email must be an e-mail address');
  const issued = await withServices(context, loadCliConfig(context.env), { hashesCodes: false }, async ({ admin }) => {
    const user =
      email === undefined ? await admin.users.get(LOCAL_OPERATOR, userId) : await admin.users.update(LOCAL_OPERATOR, userId, { email });
    const { resetCode, expiresAt } = await admin.passwords.issueResetCode(LOCAL_OPERATOR, user.id);
    return { userId: user.id, email: user.email, resetCode, expiresAt: isoInstant(expiresAt) };
  });
  context.out(JSON.stringify(issued, null, 2));
}

/** Deactivates or reactivates a user (its sessions end on deactivation) and prints it as the API shows it. */
async function changeActive(args: string[], context: CliContext, change: 'deactivate' | 'reactivate'): Promise<void> {
  const options = parseOptions(args, { user: { type: 'string' } });
  const userId = requiredOption('--user', options.user);
  const user = await withServices(context, loadCliConfig(context.env), { hashesCodes: false }, async ({ admin }) =>
    admin.users[change](LOCAL_OPERATOR, userId),
  );
  context.out(JSON.stringify(userView(user), null, 2));
}
