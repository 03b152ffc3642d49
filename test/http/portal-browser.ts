import type { AdminApiHarness, ApiResponse, Caller } from './admin-api-harness';

/** The portal tests' user (Ulf of Acme) signs in with this address and password. */
export const ULF = 'ulf@acme.example';
export const PASSWORD = 'correct horse battery staple';

/**
 * What a browser does with the portal's session: keeps the cookie the API
 * sets (and drops it when the API clears it), sends it on every request to
 * the same origin, and sends the CSRF token it was given on changes, unless a
 * test says otherwise.
 */
export class PortalBrowser {
  cookie: string | null = null;
  csrfToken: string | null = null;
  /** Every Set-Cookie header the API sent, as sent. */
  readonly setCookies: string[] = [];

  constructor(
    private readonly api: AdminApiHarness,
    private readonly headers: Record<string, string> = {},
  ) {}

  async signIn(email: string, password: string): Promise<ApiResponse> {
    const response = await this.call('POST', '/session', { email, password });
    if (response.status === 200) this.csrfToken = response.json.csrfToken;
    return response;
  }

  /** `csrf`: the token to send (default the session's; null for none). */
  async call(method: string, path: string, body?: unknown, options: { csrf?: string | null } = {}): Promise<ApiResponse> {
    const csrf = options.csrf === undefined ? this.csrfToken : options.csrf;
    const response = await this.api.call(null, method, path, body, {
      ...this.headers,
      ...(this.cookie !== null ? { cookie: `theme=dark; kvorum_session=${this.cookie}` } : {}),
      ...(csrf !== null && method !== 'GET' ? { 'x-csrf-token': csrf } : {}),
    });
    for (const header of response.headers.getSetCookie()) {
      this.setCookies.push(header);
      const value = /^kvorum_session=([^;]*)/.exec(header)?.[1];
      if (value !== undefined) this.cookie = value === '' || /Max-Age=0/i.test(header) ? null : value;
    }
    return response;
  }
}

/** Gives `caller` an e-mail address and a password, the way people get one: an operator issues a reset code, the user sets it. */
export async function givePassword(api: AdminApiHarness, caller: Caller, email: string, password: string): Promise<void> {
  await api.stores.users.update(caller.user.id, { email });
  const issued = await api.call(api.callers.operator, 'POST', `/users/${caller.user.id}/password-reset`);
  if (issued.status !== 201) throw new Error(`no reset code: ${issued.status} ${JSON.stringify(issued.json)}`);
  const set = await api.call(null, 'POST', '/password', { email, resetCode: issued.json.resetCode, newPassword: password });
  if (set.status !== 204) throw new Error(`password not set: ${set.status} ${JSON.stringify(set.json)}`);
}
