export interface AdminApiResponse {
  status: number;
  /** The body as sent. */
  text: string;
  /** The body parsed as JSON (null when empty); scenarios read whatever came back, their assertions check its shape. */
  readonly json: any;
}

/** A request to a running Kvorum's admin API (below /api/v1 on 127.0.0.1) with a bearer token. */
export async function adminApiRequest(
  httpPort: number,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<AdminApiResponse> {
  const response = await fetch(`http://127.0.0.1:${httpPort}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    text,
    get json() {
      return text === '' ? null : JSON.parse(text);
    },
  };
}
