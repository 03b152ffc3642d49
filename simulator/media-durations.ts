/**
 * Unscaled length of one media item, by URI scheme: a spoken prompt is about
 * two seconds, a spoken number or digit string 700 ms per character, a tone
 * half a second and a beep 300 ms.
 */
export function defaultMediaDurationMs(uri: string): number {
  if (uri === 'sound:beep') return 300;
  const [scheme = '', rest = ''] = splitUri(uri);
  switch (scheme) {
    case 'sound':
    case 'recording':
      return 2000;
    case 'number':
    case 'digits':
    case 'characters':
      return 700 * Math.max(1, rest.length);
    case 'tone':
      return 500;
    default:
      return 1000;
  }
}

function splitUri(uri: string): [string, string] {
  const colon = uri.indexOf(':');
  return colon < 0 ? ['', uri] : [uri.slice(0, colon), uri.slice(colon + 1)];
}
