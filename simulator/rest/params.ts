import { AriError } from '../ari-error';

/**
 * ARI request parameters: the query string, plus the fields of a JSON object
 * body (Asterisk accepts parameters either way). A parameter that allows
 * several values may be repeated or comma-separated (ari-client sends arrays
 * comma-separated).
 */
export class AriParams {
  private constructor(private readonly values: Map<string, string[]>) {}

  static from(query: URLSearchParams, body: unknown): AriParams {
    const values = new Map<string, string[]>();
    for (const [name, value] of query) values.set(name, [...(values.get(name) ?? []), value]);
    if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
      for (const [name, value] of Object.entries(body)) {
        if (values.has(name)) continue;
        if (Array.isArray(value)) values.set(name, value.map(String));
        else if (value !== null && typeof value !== 'object') values.set(name, [String(value)]);
      }
    }
    return new AriParams(values);
  }

  string(name: string): string | undefined {
    return this.values.get(name)?.[0];
  }

  list(name: string): string[] {
    return (this.values.get(name) ?? [])
      .flatMap((value) => value.split(','))
      .map((v) => v.trim())
      .filter((v) => v !== '');
  }

  /** An int parameter; Asterisk's own parser answers 400 for one that is not a whole number. */
  integer(name: string, fallback: number): number {
    const value = this.string(name);
    if (value === undefined || value === '') return fallback;
    if (!/^-?\d+$/.test(value.trim())) throw new AriError(400, `${name}: invalid integer value`);
    return Number(value);
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.string(name);
    if (value === undefined) return fallback;
    if (['true', 'yes', '1', 'on'].includes(value.toLowerCase())) return true;
    if (['false', 'no', '0', 'off'].includes(value.toLowerCase())) return false;
    throw new AriError(400, `${name}: invalid boolean value`);
  }
}
