import ariClient, { type AriClient } from 'ari-client';
import { toTelephonyError } from './ari-errors';
import { withTimeout } from './with-timeout';

/** Where Asterisk's ARI is and who Kvorum is there. */
export interface AriCredentials {
  /** ARI base URL, e.g. `http://127.0.0.1:8088`. */
  url: string;
  username: string;
  password: string;
}

/**
 * Builds the ari-client REST client: it fetches `/ari/api-docs/resources.json`
 * and every API declaration, and makes `client.channels.answer(...)` etc. out
 * of them. Kvorum uses ari-client for REST only; events come through our own
 * `event-socket.ts` (see there why).
 *
 * ari-client keeps the Basic-auth credentials in swagger-client's process-wide
 * authorization registry, so a second client with other credentials would
 * silently take over the first one's requests: one ARI client per process.
 *
 * A declaration request whose connection breaks never settles, so the load has
 * a timeout; a declaration that fails with an HTTP error also throws an
 * uncatchable string (see `swagger-throw-guard.ts`).
 */
export async function loadAriClient(credentials: AriCredentials, timeoutMs: number): Promise<AriClient> {
  const operation = 'loading the ARI API';
  try {
    return await withTimeout(ariClient.connect(credentials.url, credentials.username, credentials.password), timeoutMs, operation);
  } catch (failure) {
    throw toTelephonyError(failure, { operation });
  }
}
