import { BackupError } from '../adapters/db/backup';
import { AdminError } from '../app/admin/admin-error';
import { ConfigError } from '../config';
import { assertNever } from '../domain/assert-never';
import { type CliContext, type CommandContext, type CommandGroup, UsageError } from './command-group';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** Runs `kvorum <group> <command> [options]` and returns the exit code. */
export async function runCli(
  argv: readonly string[],
  groups: Readonly<Record<string, CommandGroup>>,
  context: CliContext,
): Promise<number> {
  const [groupName, ...args] = argv;
  if (groupName === 'help' || groupName === '--help' || groupName === '-h') {
    context.out(usage(groups));
    return EXIT_OK;
  }
  const group = groupName === undefined ? undefined : groups[groupName];
  if (!group) {
    context.err(groupName === undefined ? 'kvorum: a command is needed' : `kvorum: unknown command ${groupName}`);
    context.err(usage(groups));
    return EXIT_USAGE;
  }
  const output = rawOutput(context);
  try {
    await group.run(args, output.context);
    return EXIT_OK;
  } catch (error) {
    const refusal = refusalMessage(error, group);
    if (refusal !== null) {
      context.err(`kvorum ${groupName}: ${refusal}`);
      return EXIT_USAGE;
    }
    context.err(`kvorum ${groupName}: failed: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT_FAILED;
  } finally {
    output.end();
  }
}

/**
 * The one place where what the user must fix becomes a message (and exit
 * code 2): a usage mistake, a wrong environment variable, or a refusal of
 * the app's services, said in the command line's words (the option at
 * fault, "no such …"). Null for a fault.
 */
function refusalMessage(error: unknown, group: CommandGroup): string | null {
  if (error instanceof UsageError || error instanceof ConfigError || error instanceof BackupError) {
    return error.message;
  }
  if (!(error instanceof AdminError)) return null;
  switch (error.kind) {
    case 'not-found':
      return `no such ${error.subject ?? 'thing'}`;
    case 'invalid': {
      const option = error.field === undefined ? undefined : group.optionOfField[error.field];
      return option === undefined ? error.message : `${option}: ${error.message.replace(`${error.field} `, '')}`;
    }
    case 'forbidden':
    case 'conflict':
      return error.message;
    default:
      return assertNever(error.kind);
  }
}

function usage(groups: Readonly<Record<string, CommandGroup>>): string {
  const lines = Object.values(groups).flatMap((group) => group.usage.map((line) => `  npm run kvorum -- ${line}`));
  return ['usage:', ...lines].join('\n');
}

/**
 * Raw writes go straight to the context's `write`; a context that has none
 * gets them joined into one `out` block (its last line end dropped, as `out`
 * adds one) when the command ends.
 */
function rawOutput(context: CliContext): { context: CommandContext; end(): void } {
  if (context.write) return { context: { ...context, write: context.write.bind(context) }, end: () => undefined };
  const chunks: string[] = [];
  const decoder = new TextDecoder();
  return {
    context: {
      ...context,
      write: (chunk) => void chunks.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true })),
    },
    end() {
      if (chunks.length > 0) context.out(chunks.join('').replace(/\r?\n$/, ''));
      chunks.length = 0;
    },
  };
}
