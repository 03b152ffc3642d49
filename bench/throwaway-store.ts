import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoreLocation } from '../src/adapters/db/sql/store-location';
import { PostgresServer } from '../test/support/postgres-server';

export const STORE_KINDS = ['sqlite', 'postgres'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

export const STORE_NAMES: Record<StoreKind, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

export interface ThrowawayStore {
  location: StoreLocation;
  /** Removes the store: the SQLite file's folder, or the whole PostgreSQL server. */
  remove(): Promise<void>;
}

/**
 * An empty store of `kind` that nothing else uses: a SQLite file in a new
 * folder, or a database on a throwaway PostgreSQL from Debian's package,
 * as the tests start it.
 */
export async function throwawayStore(kind: StoreKind): Promise<ThrowawayStore> {
  if (kind === 'sqlite') {
    const directory = mkdtempSync(join(tmpdir(), 'kvorum-bench-store-'));
    return {
      location: { kind, path: join(directory, 'kvorum.db') },
      remove: async () => rmSync(directory, { recursive: true, force: true }),
    };
  }
  if (!PostgresServer.available()) throw new Error("a benchmark on PostgreSQL needs Debian's postgresql package (see README, Tests)");
  const server = await PostgresServer.start();
  try {
    return { location: { kind, url: await server.database() }, remove: () => server.stop() };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
