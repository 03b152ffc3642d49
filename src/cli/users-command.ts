import { isoInstant } from '../app/admin/admin-views';
import { LOCAL_OPERATOR } from '../app/admin/roles';
import { SIGN_IN_EMAIL } from '../domain/access/sign-in-email';
import { loadCliConfig, withServices } from './cli-database';
import { type CliContext, commandGroup, UsageError } from './command-group';
import { parseOptions, requiredOption } from './parse-options';

/**
 * Portal sign-in from the command line: the first operator's password
 * cannot be set over the API because nobody can sign in yet.
 */
export const usersCommand = commandGroup(['users password-reset --user USER_ID [--email ADDRESS]'], {
  'password-reset': passwordReset,
});

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
  const issued = await withServices(context, loadCliConfig(context.env), { hashesCodes: false }, ({ admin }) => {
    const user = email === undefined ? admin.users.get(LOCAL_OPERATOR, userId) : admin.users.update(LOCAL_OPERATOR, userId, { email });
    const { resetCode, expiresAt } = admin.passwords.issueResetCode(LOCAL_OPERATOR, user.id);
    return { userId: user.id, email: user.email, resetCode, expiresAt: isoInstant(expiresAt) };
  });
  context.out(JSON.stringify(issued, null, 2));
}
