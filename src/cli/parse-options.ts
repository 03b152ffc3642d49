import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './command-group';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `node:util` parseArgs in strict mode, with its complaints (unknown option,
 * missing value, stray word) turned into usage errors.
 */
export function parseOptions<const T extends Options>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    if (error instanceof TypeError) throw new UsageError(error.message);
    throw error;
  }
}

/** The option's value; a missing or empty one is a usage error. */
export function requiredOption(option: string, value: string | undefined): string {
  if (!value) throw new UsageError(`${option} is required`);
  return value;
}
