/** What a command group gets from the process: nothing is read from globals. */
export interface CliContext {
  env: Record<string, string | undefined>;
  /** Writes one result line (or block) to standard output. */
  out(text: string): void;
  /** Writes one message to standard error. */
  err(text: string): void;
  now(): number;
}

/** A group of commands (`conferences …`, `report …`): one module each. */
export interface CommandGroup {
  /** One line per command, for the usage text. */
  usage: readonly string[];
  /** Runs the command in `args` (the words after the group name). */
  run(args: string[], context: CliContext): void | Promise<void>;
}

/** The user asked for something that cannot be done as asked: exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
