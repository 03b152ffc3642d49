import type { CatalogueEntry } from './catalogue-entry';

/**
 * Every prompt the bridge can play, by what it means: its text in each
 * language, when a caller hears it, and its parameter. The one source of
 * truth for the words: rendering (render.ts), the sound files
 * (`npm run prompts:generate`) and the checks that every language is
 * complete all read this table.
 *
 * English texts with `core` are exactly what those Asterisk core sounds say
 * (checked against the transcript Debian ships, core-sounds-en.txt); the
 * bokmål is Kvorum's own, spoken by espeak-ng until a studio recording
 * replaces it (see README, "Prompts and languages").
 */
export const CATALOGUE = {
  'code.enter': {
    kind: 'phrase',
    usedWhen: 'Code entry: the first prompt after the call is answered, and again after a failed try.',
    en: { text: 'Please enter the conference pin number.', core: ['conf-getpin'] },
    nb: { text: 'Tast inn møtekoden, og avslutt med firkant.' },
  },
  'code.english-offer': {
    kind: 'phrase',
    usedWhen:
      'Code entry: after code.enter in every language but English, until the caller switches; * with nothing typed switches the call to English.',
    en: { text: 'For English, press star.' },
    nb: { text: 'For English, press star.', spokenIn: 'en' },
  },
  'code.invalid': {
    kind: 'phrase',
    usedWhen: 'Code entry: the code typed is unknown (or empty); the code prompt follows.',
    en: { text: 'That pin is invalid for this conference.', core: ['conf-invalidpin'] },
    nb: { text: 'Koden er ikke gyldig for dette møtet.' },
  },
  'call.goodbye': {
    kind: 'phrase',
    usedWhen: 'Before hanging up: too many failed codes, a hang-up during code entry, the bridge shutting down.',
    en: { text: 'Goodbye!', core: ['goodbye'] },
    nb: { text: 'Ha det bra!' },
  },
  'call.try-later': {
    kind: 'phrase',
    usedWhen: 'The bridge cannot take the call: a number blocked for guessing codes, a call during shutdown.',
    en: { text: 'All circuits are busy now. Please try your call again later.', core: ['all-circuits-busy-now', 'please-try-call-later'] },
    nb: { text: 'Alle linjer er opptatt nå. Vennligst prøv igjen senere.' },
  },
  'call.anonymous-refused': {
    kind: 'phrase',
    usedWhen: 'A caller who withholds their number, when the bridge refuses anonymous callers.',
    en: { text: 'The party you are trying to reach does not accept unidentified calls.', core: ['privacy-unident'] },
    nb: { text: 'Den du ringer til, tar ikke imot anrop fra skjult nummer.' },
  },
  'admission.wait-for-leader': {
    kind: 'phrase',
    usedWhen: 'A participant whose meeting has not been opened by a leader yet; music on hold follows.',
    en: { text: 'The conference will begin when the leader arrives.', core: ['conf-waitforleader'] },
    nb: { text: 'Møtet begynner når møtelederen kommer.' },
  },
  'admission.locked': {
    kind: 'phrase',
    usedWhen: 'A participant turned away from a locked meeting, before the hang-up.',
    en: { text: 'This conference is locked!', core: ['conf-locked'] },
    nb: { text: 'Dette møtet er låst.' },
  },
  'admission.full': {
    kind: 'phrase',
    usedWhen: 'A participant turned away from a full meeting, before the hang-up.',
    en: { text: 'That conference is full.', core: ['conf-full'] },
    nb: { text: 'Dette møtet er fullt.' },
  },
  'meeting.others-present': {
    kind: 'counted',
    usedWhen: 'A leader entering the meeting: how many others are already there.',
    parameter: 'count',
    en: {
      gender: 'common',
      zero: { text: 'You are currently the only person in this conference.', core: ['conf-onlyperson'] },
      one: { text: 'There is currently one other participant in the conference.', core: ['confbridge-only-one'] },
      other: {
        text: 'There are currently {count} other participants in the conference.',
        core: ['conf-thereare', '{count}', 'conf-otherinparty'],
      },
    },
    nb: {
      gender: 'common',
      zero: { text: 'Du er den eneste i møtet.' },
      one: { text: 'Det er én annen deltaker i møtet.' },
      other: { text: 'Det er {count} andre deltakere i møtet.' },
    },
  },
  'meeting.count': {
    kind: 'counted',
    usedWhen: 'The leader pressed #2: the head count of the meeting, the leader included.',
    parameter: 'count',
    en: {
      gender: 'common',
      one: { text: 'You are currently the only participant in the conference.', core: ['confbridge-only-participant'] },
      other: {
        text: 'There are currently {count} participants in the conference.',
        core: ['confbridge-there-are', '{count}', 'confbridge-participants'],
      },
    },
    nb: {
      gender: 'common',
      one: { text: 'Du er den eneste deltakeren i møtet.' },
      other: { text: 'Det er {count} deltakere i møtet.' },
    },
  },
  'meeting.minutes-left': {
    kind: 'counted',
    usedWhen: 'To the leaders, after tone.beep, before a meeting with a maximum duration ends.',
    parameter: 'minutes',
    en: {
      gender: 'common',
      one: { text: 'You have {minutes} minute.', core: ['vm-youhave', '{minutes}', 'minute'] },
      other: { text: 'You have {minutes} minutes.', core: ['vm-youhave', '{minutes}', 'minutes'] },
    },
    nb: {
      gender: 'neuter',
      one: { text: 'Du har ett minutt igjen.' },
      other: { text: 'Du har {minutes} minutter igjen.' },
    },
  },
  'meeting.leader-left': {
    kind: 'phrase',
    usedWhen: 'To everyone left when the last leader hangs up with automatic end on, before the hang-up.',
    en: { text: 'The leader has left the conference.', core: ['conf-leaderhasleft'] },
    nb: { text: 'Møtelederen har forlatt møtet.' },
  },
  'meeting.ended': {
    kind: 'phrase',
    usedWhen: 'To everyone when the meeting is ended (## by the leader, the admin API, the maximum duration), before the hang-up.',
    en: { text: 'The conference has ended.', core: ['confbridge-conf-end'] },
    nb: { text: 'Møtet er avsluttet.' },
  },
  'caller.muted': {
    kind: 'phrase',
    usedWhen: 'A caller muted: the leader by *6, a participant joining in listen mode or an auditorium, or by an admin.',
    en: { text: 'You are now muted.', core: ['conf-muted'] },
    nb: { text: 'Mikrofonen din er nå slått av.' },
  },
  'caller.unmuted': {
    kind: 'phrase',
    usedWhen: 'A caller unmuted: the leader by *6, or by an admin.',
    en: { text: 'You are now unmuted.', core: ['conf-unmuted'] },
    nb: { text: 'Mikrofonen din er nå slått på.' },
  },
  'caller.removed': {
    kind: 'phrase',
    usedWhen: 'A caller removed from the meeting by an admin, before the hang-up.',
    en: { text: 'You have been kicked from this conference.', core: ['conf-kicked'] },
    nb: { text: 'Du er fjernet fra møtet.' },
  },
  'leader.listen-mode-on': {
    kind: 'phrase',
    usedWhen: 'The leader pressed *5: everyone but the leaders is muted.',
    en: { text: 'The conference is now muted.', core: ['conf-now-muted'] },
    nb: { text: 'Møtet er nå dempet.' },
  },
  'leader.listen-mode-off': {
    kind: 'phrase',
    usedWhen: 'The leader pressed *5 again: everyone is unmuted.',
    en: { text: 'The conference is now unmuted.', core: ['conf-now-unmuted'] },
    nb: { text: 'Møtet er ikke lenger dempet.' },
  },
  'leader.locked': {
    kind: 'phrase',
    usedWhen: 'The leader pressed *7: the meeting is locked.',
    en: { text: 'The conference is now locked.', core: ['conf-lockednow'] },
    nb: { text: 'Møtet er nå låst.' },
  },
  'leader.unlocked': {
    kind: 'phrase',
    usedWhen: 'The leader pressed *7 again: the meeting is unlocked.',
    en: { text: 'The conference is now unlocked.', core: ['conf-unlockednow'] },
    nb: { text: 'Møtet er nå låst opp.' },
  },
  'leader.auto-end-on': {
    kind: 'phrase',
    usedWhen: 'The leader pressed #9: the meeting will end when the last leader hangs up.',
    en: { text: 'Activated.', core: ['activated'] },
    nb: { text: 'Aktivert.' },
  },
  'leader.auto-end-off': {
    kind: 'phrase',
    usedWhen: 'The leader pressed #9 again: the meeting goes on after the leaders hang up.',
    en: { text: 'De-activated.', core: ['de-activated'] },
    nb: { text: 'Deaktivert.' },
  },
  'tone.join': {
    kind: 'tone',
    usedWhen: 'To the meeting when a caller joins (join and leave tones on).',
    sounds: 'a rising two-note tone',
    core: 'confbridge-join',
  },
  'tone.leave': {
    kind: 'tone',
    usedWhen: 'To the meeting when a caller leaves (join and leave tones on).',
    sounds: 'a falling two-note tone',
    core: 'confbridge-leave',
  },
  'tone.beep': {
    kind: 'tone',
    usedWhen: 'Before meeting.minutes-left, to catch the leaders’ attention.',
    sounds: 'a short beep',
    core: 'beep',
  },
} as const satisfies Record<string, CatalogueEntry>;

export type PromptKey = keyof typeof CATALOGUE;

export const PROMPT_KEYS = Object.keys(CATALOGUE) as PromptKey[];
