import type { AriClient, AriOperation } from 'ari-client';
import { TelephonyError } from '../../app/ports/telephony';
import { toTelephonyError, type RequestSubject } from './ari-errors';
import { withTimeout } from './with-timeout';

/**
 * Every ARI REST request goes through `request`: it is given a timeout
 * (ari-client has none, and a request whose connection fails never settles)
 * and its failure is translated into the port's error types.
 */
export interface AriRest {
  request(resource: string, operation: string, params: Record<string, unknown>, subject?: RequestSubject): Promise<unknown>;
}

export function createAriRest(getClient: () => AriClient | null, timeoutMs: number): AriRest {
  return {
    async request(resource, operation, params, subject = { operation: `${resource}.${operation}` }) {
      const client = getClient();
      if (client === null) throw new TelephonyError(`${subject.operation}: not connected to Asterisk`, 'failed');
      const call = findOperation(client, resource, operation);
      if (call === null) throw new TelephonyError(`${subject.operation}: not offered by this Asterisk`, 'failed');
      try {
        return await withTimeout(call(params), timeoutMs, subject.operation);
      } catch (failure) {
        throw toTelephonyError(failure, subject);
      }
    },
  };
}

function findOperation(client: AriClient, resource: string, operation: string): AriOperation | null {
  const operations = client[resource];
  if (typeof operations !== 'object' || operations === null) return null;
  const call: unknown = (operations as Record<string, unknown>)[operation];
  return typeof call === 'function' ? (call as AriOperation) : null;
}
