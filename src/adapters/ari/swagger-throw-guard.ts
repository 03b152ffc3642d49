import type { Logger } from '../../logger';

/**
 * swagger-client (inside ari-client) reports an API declaration that failed to
 * load by rejecting `connect` *and* by `throw`ing the message as a plain string
 * from inside an HTTP callback, where nothing can catch it: the process would
 * crash. A load that timed out can still do this much later, so the guard
 * lives as long as the adapter runs. It swallows only thrown strings (nothing
 * in Kvorum throws strings); every other uncaught exception keeps its fate.
 *
 * Returns the function that removes the guard.
 */
export function guardAgainstSwaggerThrows(logger: Logger): () => void {
  const swallowThrownString = (error: unknown): void => {
    if (typeof error === 'string') {
      logger.warn({ reason: error }, 'ARI API declaration failed to load');
      return;
    }
    // We are the only listener, so without us Node would have crashed: do so.
    if (process.listenerCount('uncaughtException') === 1) throw error;
  };
  process.on('uncaughtException', swallowThrownString);
  return () => process.off('uncaughtException', swallowThrownString);
}
