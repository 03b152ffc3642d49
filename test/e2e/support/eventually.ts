const DEFAULT_TIMEOUT_MS = 2000;
const RECHECK_MS = 5;

/**
 * Waits until `read()` returns a value that `holds`, for state that sends no
 * event when it changes (rows in the ledger): re-reads it every few
 * milliseconds and fails after `timeoutMs`, showing the last value read.
 */
export async function eventually<T>(
  read: () => T | Promise<T>,
  holds: (value: T) => boolean,
  description: string,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (holds(value)) return value;
    if (Date.now() >= deadline) {
      throw new Error(`${description}: not within ${timeoutMs} ms; last seen ${JSON.stringify(value)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, RECHECK_MS));
  }
}
