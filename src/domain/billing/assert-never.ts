/** Makes a `switch` over a union exhaustive: adding a variant breaks the build here. */
export function assertNever(value: never): never {
  throw new Error(`unexpected variant: ${JSON.stringify(value)}`);
}
