/** What a command group gets from the process: nothing is read from globals. */
export interface CliContext {
  env: Record<string, string | undefined>;
  /** Writes one result line (or block) to standard output. */
  out(text: string): void;
  /**
   * Writes a piece of standard output exactly as given (text, or UTF-8
   * bytes), no line end added: for big output (a month's charge report)
   * written in chunks as it is made. A promise means: wait for it before the
   * next piece (standard output is full). A context without it (a test
   * collecting lines) gets the pieces joined, through `out`, when the
   * command ends.
   */
  write?: OutputSink;
  /** Writes one message to standard error. */
  err(text: string): void;
  now: () => number;
}

export type OutputSink = (chunk: string | Uint8Array) => void | Promise<void>;

/** The context a command runs with: raw writes always possible. */
export type CommandContext = CliContext & { write: OutputSink };

/** A group of commands (`conferences …`, `report …`): one module each. */
export interface CommandGroup {
  /** One line per command, for the usage text. */
  usage: readonly string[];
  /** Runs the command in `args` (the words after the group name). */
  run(args: string[], context: CommandContext): void | Promise<void>;
  /** The option that carries each input field the services may name in a refusal (`codes.leader` → `--leader-code`). */
  optionOfField: Readonly<Record<string, string>>;
}

/** One command of a group: its words after the command's name, and the context. */
export type Command = (args: string[], context: CommandContext) => void | Promise<void>;

/**
 * A group whose first word names one of `commands`, which gets the words
 * after it. A missing or unknown name is a usage error that lists the names;
 * `noun` is what the group calls its commands (`report charges`: a report).
 */
export function commandGroup(
  usage: readonly string[],
  commands: Readonly<Record<string, Command>>,
  noun = 'command',
  optionOfField: Readonly<Record<string, string>> = {},
): CommandGroup {
  const names = Object.keys(commands);
  const choices = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
  return {
    usage,
    optionOfField,
    run(args, context) {
      const [name, ...rest] = args;
      if (name === undefined) throw new UsageError(noun === 'command' ? `${choices}?` : `which ${noun}? ${choices}`);
      const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
      if (command === undefined) throw new UsageError(`unknown ${noun} ${name}`);
      return command(rest, context);
    },
  };
}

/** The user asked for something that cannot be done as asked: exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
