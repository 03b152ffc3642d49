/**
 * The `kvorum` command line: `npm run kvorum -- <group> <command> [options]`.
 * Each command group lives in its own module; to add one, import it and add
 * one line to COMMAND_GROUPS.
 */
import { once } from 'node:events';
import { accessNumbersCommand } from './access-numbers-command';
import { adjustmentsCommand, roomPricesCommand, tariffsCommand, vatCommand } from './billing-command';
import { bookingsCommand } from './bookings-command';
import { conferencesCommand } from './conferences-command';
import { databaseCommand } from './database-command';
import { licencesCommand } from './licences-command';
import { reportCommand } from './report-command';
import { tokensCommand } from './tokens-command';
import { usersCommand } from './users-command';
import type { CliContext, CommandGroup } from './command-group';
import { runCli } from './run-cli';

const COMMAND_GROUPS: Record<string, CommandGroup> = {
  'access-numbers': accessNumbersCommand,
  adjustments: adjustmentsCommand,
  bookings: bookingsCommand,
  conferences: conferencesCommand,
  database: databaseCommand,
  licences: licencesCommand,
  report: reportCommand,
  'room-prices': roomPricesCommand,
  tariffs: tariffsCommand,
  tokens: tokensCommand,
  users: usersCommand,
  vat: vatCommand,
};

const processContext: CliContext = {
  env: process.env,
  out: (text) => console.log(text),
  // A full standard output (a slow pipe, a terminal) holds the next piece back: a streamed report never piles up in memory.
  write: (chunk) => (process.stdout.write(chunk) ? undefined : once(process.stdout, 'drain').then(() => undefined)),
  err: (text) => console.error(text),
  now: () => Date.now(),
};

process.exitCode = await runCli(process.argv.slice(2), COMMAND_GROUPS, processContext);
