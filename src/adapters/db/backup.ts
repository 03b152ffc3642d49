import { chmodSync, closeSync, mkdirSync, openSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { assertNever } from '../../domain/assert-never';
import { openReadOnlyDatabase } from './database';
import { DEFAULT_SQL_DIR, schemaStatus } from './migrations';

export type BackupErrorCode = 'destination-exists' | 'no-database' | 'schema-older' | 'schema-newer';

/** A backup that cannot be made as asked: the message says what to do (exit code 2 on the command line). */
export class BackupError extends Error {
  constructor(
    readonly code: BackupErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

/** Owner read and write only: a backup holds every caller number and the code hashes. */
const BACKUP_FILE_MODE = 0o600;

/**
 * Writes a consistent copy of the database at `source` to `destination` with
 * SQLite's online backup, so the bridge may keep writing legs meanwhile.
 *
 * The source is opened read-only and never migrated: a backup is what one
 * takes before an upgrade, so it must be the database as it was. A database
 * whose schema is older or newer than this Kvorum's is refused (the Kvorum
 * that runs it should back it up). An existing file is never overwritten (an
 * old backup is worth more than a typo), and the copy is readable by its
 * owner only, from the moment it exists.
 */
export async function backupDatabase(source: string, destination: string, sqlDir: string = DEFAULT_SQL_DIR): Promise<void> {
  let db;
  try {
    db = openReadOnlyDatabase(source);
  } catch {
    throw new BackupError('no-database', `there is no database at ${source} to back up`);
  }
  try {
    refuseOtherSchema(schemaStatus(db, sqlDir));
    mkdirSync(dirname(destination), { recursive: true });
    createPrivateFile(destination);
    try {
      // SQLite writes into the file made above, keeping its mode (its journal takes the same mode).
      await db.backup(destination);
      chmodSync(destination, BACKUP_FILE_MODE);
    } catch (error) {
      rmSync(destination, { force: true });
      throw error;
    }
  } finally {
    db.close();
  }
}

function refuseOtherSchema(status: ReturnType<typeof schemaStatus>): void {
  switch (status.kind) {
    case 'current':
      return;
    case 'older':
      throw new BackupError(
        'schema-older',
        `the database is at schema version ${status.version}, older than this Kvorum's ${status.expected}: ` +
          'back it up with the Kvorum that runs it (a backup never migrates)',
      );
    case 'newer':
      throw new BackupError(
        'schema-newer',
        `the database is at schema version ${status.version}, newer than this Kvorum's ${status.expected}: ` +
          'back it up with the Kvorum that runs it',
      );
    default:
      assertNever(status);
  }
}

/** Creates `path` empty with the backup's mode; refuses if anything is there already (no check-then-write race). */
function createPrivateFile(path: string): void {
  let file;
  try {
    file = openSync(path, 'wx', BACKUP_FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new BackupError('destination-exists', `${path} already exists`);
    throw error;
  }
  closeSync(file);
}
