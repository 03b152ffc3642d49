/** Where Kvorum keeps its records: the SQLite file of one server, or the PostgreSQL a cluster shares (docs/database.md). */
export type StoreLocation = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

/** The configured store: the PostgreSQL at KVORUM_DATABASE_URL when it is set, else the SQLite file at KVORUM_DB_PATH. */
export function storeLocationOf(config: { databasePath: string; databaseUrl?: string | undefined }): StoreLocation {
  return config.databaseUrl === undefined ? { kind: 'sqlite', path: config.databasePath } : { kind: 'postgres', url: config.databaseUrl };
}

/** The store as a log line or the command line may name it: a PostgreSQL URL without its user and password. */
export function describeStore(location: StoreLocation): string {
  if (location.kind === 'sqlite') return location.path;
  const url = new URL(location.url);
  return `postgres://${url.host}${url.pathname}`;
}
