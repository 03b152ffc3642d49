import { TelephonyError } from '../../app/ports/telephony';

/**
 * Settles with `work`, or rejects with a `timeout` TelephonyError after `ms`.
 * ari-client cannot abort a request, so a timed-out request is abandoned, not
 * cancelled: its late answer is ignored.
 */
export async function withTimeout<T>(work: PromiseLike<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TelephonyError(`${what} timed out after ${ms} ms`, 'timeout')), ms);
  });
  try {
    // Promise.resolve turns ari-client's Bluebird promise into a native one.
    return await Promise.race([Promise.resolve(work), expired]);
  } finally {
    clearTimeout(timer);
  }
}
