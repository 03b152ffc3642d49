import { backupDatabase } from '../adapters/db/backup';
import { openDatabase } from '../adapters/db/database';
import { migrate } from '../adapters/db/migrations';
import { loadCliConfig } from './cli-database';
import { type CliContext, commandGroup } from './command-group';
import { parseOptions, requiredOption } from './parse-options';

export const databaseCommand = commandGroup(['database migrate', 'database backup --to FILE'], {
  migrate: migrateDatabase,
  backup: backupTo,
});

/** Brings the database to the newest schema (the bridge also does this when it starts). */
function migrateDatabase(args: string[], context: CliContext): void {
  parseOptions(args, {});
  const config = loadCliConfig(context.env);
  const db = openDatabase(config.databasePath);
  try {
    context.out(JSON.stringify({ database: config.databasePath, ...migrate(db) }));
  } finally {
    db.close();
  }
}

/** A consistent copy while the bridge keeps running; the database is only read, never migrated. */
async function backupTo(args: string[], context: CliContext): Promise<void> {
  const options = parseOptions(args, { to: { type: 'string' } });
  const destination = requiredOption('--to FILE', options.to);
  const config = loadCliConfig(context.env);
  await backupDatabase(config.databasePath, destination);
  context.out(JSON.stringify({ backup: destination }));
}
