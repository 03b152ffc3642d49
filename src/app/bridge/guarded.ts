import type { Logger } from '../../logger';

/**
 * Wraps a callback that the outside world invokes (a telephony event, a
 * timer) so that a fault is logged instead of escaping: a throw inside an
 * ari-client event handler stops all further event delivery, and one inside
 * a timer would take the process down.
 */
export function guarded<A extends unknown[]>(log: Logger, what: string, handler: (...args: A) => void): (...args: A) => void {
  return (...args) => {
    try {
      handler(...args);
    } catch (error) {
      log.error({ err: error, handler: what }, 'handler failed');
    }
  };
}
