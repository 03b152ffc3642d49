/**
 * The `kvorum` command line: `npm run kvorum -- <group> <command> [options]`.
 * Each command group lives in its own module; to add one, import it and add
 * one line to COMMAND_GROUPS.
 */
import { conferencesCommand } from './conferences-command';
import { databaseCommand } from './database-command';
import { reportCommand } from './report-command';
import { tokensCommand } from './tokens-command';
import type { CliContext, CommandGroup } from './command-group';
import { runCli } from './run-cli';

const COMMAND_GROUPS: Record<string, CommandGroup> = {
  conferences: conferencesCommand,
  database: databaseCommand,
  report: reportCommand,
  tokens: tokensCommand,
};

const processContext: CliContext = {
  env: process.env,
  out: (text) => console.log(text),
  err: (text) => console.error(text),
  now: () => Date.now(),
};

process.exitCode = await runCli(process.argv.slice(2), COMMAND_GROUPS, processContext);
