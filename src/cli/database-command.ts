import { backupDatabase } from '../adapters/db/backup';
import { migrateStore } from '../adapters/db/sql/open-sql-database';
import { describeStore, storeLocationOf } from '../adapters/db/sql/store-location';
import { loadCliConfig } from './cli-database';
import { type CliContext, commandGroup, UsageError } from './command-group';
import { parseOptions, requiredOption } from './parse-options';

export const databaseCommand = commandGroup(['database migrate', 'database backup --to FILE'], {
  migrate: migrateDatabase,
  backup: backupTo,
});

/** Brings the database to the newest schema (the bridge also does this when it starts). */
async function migrateDatabase(args: string[], context: CliContext): Promise<void> {
  parseOptions(args, {});
  const store = storeLocationOf(loadCliConfig(context.env));
  // Named without the URL's user and password.
  context.out(JSON.stringify({ database: describeStore(store), ...(await migrateStore(store)) }));
}

/** A consistent copy while the bridge keeps running; the database is only read, never migrated. */
async function backupTo(args: string[], context: CliContext): Promise<void> {
  const options = parseOptions(args, { to: { type: 'string' } });
  const destination = requiredOption('--to FILE', options.to);
  const store = storeLocationOf(loadCliConfig(context.env));
  if (store.kind === 'postgres') {
    throw new UsageError(
      "the database is PostgreSQL (KVORUM_DATABASE_URL): back it up with pg_dump or your server's backups (docs/database.md)",
    );
  }
  await backupDatabase(store.path, destination);
  context.out(JSON.stringify({ backup: destination }));
}
