/** Ends an exhaustive switch: the compiler proves it unreachable, and it throws if it is reached anyway. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
