/**
 * How long the prompts Kvorum plays last on Asterisk 22 with its English
 * core sounds (8 kHz files, lengths measured on the build this project tests
 * against), so that timing at time scale 1 is the real one: an addChannel
 * held behind a prompt, a key typed over it.
 */
const SOUND_MS: Readonly<Record<string, number>> = {
  'conf-getpin': 2387,
  'conf-invalidpin': 2651,
  goodbye: 932,
  'conf-waitforleader': 2826,
  'conf-onlyperson': 3159,
  'conf-thereare': 1370,
  'conf-otherinparty': 2142,
  'confbridge-only-one': 3407,
  'confbridge-only-participant': 3237,
  'confbridge-there-are': 1298,
  'confbridge-participants': 1894,
  'conf-locked': 1752,
  'conf-full': 1661,
  'conf-lockednow': 1779,
  'conf-unlockednow': 1888,
  'conf-now-muted': 1861,
  'conf-now-unmuted': 2115,
  'conf-muted': 1389,
  'conf-unmuted': 1489,
  'conf-leaderhasleft': 2269,
  'conf-kicked': 2360,
  'confbridge-join': 368,
  'confbridge-leave': 376,
  'confbridge-conf-end': 1697,
  activated: 1064,
  'de-activated': 1525,
  beep: 425,
  'vm-youhave': 906,
  minutes: 882,
  'all-circuits-busy-now': 1801,
  'please-try-call-later': 2166,
  'privacy-unident': 4449,
};

/** Any other spoken prompt. */
const OTHER_SOUND_MS = 2000;
/** One spoken word of a number or digit string ("twenty", "five"). */
const SPOKEN_WORD_MS = 850;

/**
 * Unscaled length of one media item: a known sound as measured, any other
 * sound two seconds, a number or digit string 850 ms per character, a tone
 * half a second.
 */
export function defaultMediaDurationMs(uri: string): number {
  const [scheme = '', rest = ''] = splitUri(uri);
  switch (scheme) {
    case 'sound':
      return SOUND_MS[rest] ?? OTHER_SOUND_MS;
    case 'recording':
      return OTHER_SOUND_MS;
    case 'number':
    case 'digits':
    case 'characters':
      return SPOKEN_WORD_MS * Math.max(1, rest.length);
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
