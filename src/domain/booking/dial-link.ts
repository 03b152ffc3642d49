/**
 * A one-tap dial link for phones (RFC 3966 `tel:` URI): the access number in
 * international form, two pauses, the code and `#`, e.g.
 * `tel:+4722222222,,12345678%23`.
 *
 * - `,` is the pause both the iOS and the Android dialers understand (about
 *   two seconds each); two of them let Kvorum answer and start the code
 *   prompt, and a key pressed during the prompt stops it, so the digits are
 *   never early. `;` (wait) makes iOS show a button and Android ask first.
 * - `#` must be escaped as `%23`: unescaped it starts the URI's fragment, and
 *   Android's dialer drops everything after it. iOS dials `%23` as `#`
 *   (a raw `#` it refuses to dial at all).
 * - Visual separators (spaces, dashes) are dropped; only digits and a leading
 *   `+` stay, as RFC 3966's global numbers require.
 */
export function dialLink(accessNumber: string, code: string): string {
  const digits = accessNumber.replace(/[^\d+]/g, '').replace(/(?!^)\+/g, '');
  return `tel:${digits},,${code.replace(/\D/g, '')}%23`;
}
