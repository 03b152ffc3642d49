import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Database } from './database';

export class BackupError extends Error {
  constructor(
    readonly code: 'destination-exists',
    message: string,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

/**
 * Writes a consistent copy of the database to `destination` with SQLite's
 * online backup, so the bridge may keep writing legs meanwhile. Refuses to
 * overwrite an existing file: an old backup is worth more than a typo.
 */
export async function backupDatabase(db: Database, destination: string): Promise<void> {
  if (existsSync(destination)) {
    throw new BackupError('destination-exists', `${destination} already exists`);
  }
  mkdirSync(dirname(destination), { recursive: true });
  await db.backup(destination);
}
