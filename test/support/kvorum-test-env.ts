import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where Kvorum connects: an Asterisk, the simulator or a real one. */
export interface AriEndpoint {
  url: string;
  username: string;
  password: string;
  /** The Stasis application the dialplan hands callers to. */
  app: string;
}

export interface KvorumTestEnv {
  /** The temporary folder holding Kvorum's database. */
  readonly dir: string;
  /** Kvorum's environment, for `loadConfig`, the command line or a child process. */
  readonly env: Record<string, string>;
  /** Deletes the folder and the database in it. */
  remove(): void;
}

/**
 * Kvorum's environment for a test: connected to `ari`, its database in a new
 * temporary folder, its admin API on 127.0.0.1 at a free port, English for
 * access numbers it does not know. `env` adds settings or overrides these.
 */
export function createKvorumTestEnv(
  ari: AriEndpoint,
  options: { folderPrefix: string; codeSecret: string; env?: Record<string, string> },
): KvorumTestEnv {
  const dir = mkdtempSync(join(tmpdir(), options.folderPrefix));
  return {
    dir,
    env: {
      KVORUM_ARI_URL: ari.url,
      KVORUM_ARI_USER: ari.username,
      KVORUM_ARI_PASSWORD: ari.password,
      KVORUM_ARI_APP: ari.app,
      KVORUM_DB_PATH: join(dir, 'kvorum.db'),
      KVORUM_CODE_SECRET: options.codeSecret,
      KVORUM_HTTP_HOST: '127.0.0.1',
      KVORUM_HTTP_PORT: '0',
      // Callers of numbers the directory does not have hear English, as the tests were written for.
      KVORUM_DEFAULT_LANGUAGE: 'en',
      ...options.env,
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
