/**
 * The little of ari-client 2.2.0 that Kvorum touches (it ships no types).
 * Resources and operations are built at run time from the server's Swagger
 * declarations, so every operation is looked up by name and may be missing.
 */
declare module 'ari-client' {
  /** One REST operation: resolves with the parsed body, rejects with `new Error(<body>)`. */
  export type AriOperation = (params?: Record<string, unknown>) => PromiseLike<unknown>;

  export interface AriClient {
    readonly [resource: string]: unknown;
  }

  export function connect(url: string, user: string, password: string): PromiseLike<AriClient>;

  const ariClient: { connect: typeof connect };
  export default ariClient;
}
