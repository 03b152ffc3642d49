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
  'caller.muted-by-host': {
    kind: 'phrase',
    usedWhen:
      'A participant pressed *6 while the leader (listen mode, an auditorium, an admin) has them muted; the help line of *9 follows.',
    en: { text: 'The leader has muted you.' },
    nb: { text: 'Møtelederen har slått av mikrofonen din.' },
  },
  'caller.disconnected': {
    kind: 'phrase',
    usedWhen: 'To each participant when the leader disconnects all participants (#0, or the admin API), before the hang-up.',
    en: { text: 'The leader has disconnected all participants. Goodbye!' },
    nb: { text: 'Møtelederen har koblet fra alle deltakerne. Ha det bra!' },
  },
  'leader.participants-disconnected': {
    kind: 'phrase',
    usedWhen: 'The leader pressed #0: every participant was disconnected; the meeting stays open.',
    en: { text: 'All participants have been disconnected.' },
    nb: { text: 'Alle deltakerne er koblet fra.' },
  },
  'names.say-name': {
    kind: 'phrase',
    usedWhen: 'A room with names on: after the code, before the beep that starts the recording of the caller’s name.',
    en: { text: 'After the tone say your name and then press the pound key.', core: ['vm-rec-name'] },
    nb: { text: 'Si navnet ditt etter tonen, og trykk firkant.' },
  },
  'names.joined': {
    kind: 'named',
    usedWhen: 'To the leaders, instead of the join tone, when a caller who said their name joins the meeting.',
    en: { text: '{name} has joined the conference.', core: ['{name}', 'confbridge-has-joined'] },
    nb: { text: '{name} har kommet inn i møtet.' },
  },
  'names.left': {
    kind: 'named',
    usedWhen: 'To the leaders, instead of the leave tone, when a caller who said their name leaves the meeting.',
    en: { text: '{name} has left the conference.', core: ['{name}', 'confbridge-has-left'] },
    nb: { text: '{name} har forlatt møtet.' },
  },
  'lobby.named-waiting': {
    kind: 'named',
    usedWhen: 'To the leaders when a caller who said their name starts waiting in the lobby to be let in.',
    en: { text: '{name} is waiting to be let in.' },
    nb: { text: '{name} venter på å slippe inn.' },
  },
  'lobby.caller-waiting': {
    kind: 'counted',
    usedWhen: 'To the leaders when a caller without a recorded name starts waiting in the lobby: their place in the queue.',
    parameter: 'count',
    en: {
      gender: 'common',
      one: { text: 'A caller is waiting to be let in.' },
      other: { text: 'A caller is waiting to be let in, number {count} in the queue.' },
    },
    nb: {
      gender: 'common',
      one: { text: 'En innringer venter på å slippe inn.' },
      other: { text: 'En innringer venter på å slippe inn, nummer {count} i køen.' },
    },
  },
  'lobby.waiting-count': {
    kind: 'counted',
    usedWhen: 'To a leader: how many wait in the lobby (#1, a meeting opened with callers waiting, *8 or #8 with nobody or more waiting).',
    parameter: 'count',
    en: {
      gender: 'common',
      zero: { text: 'Nobody is waiting to be let in.' },
      one: { text: 'One caller is waiting to be let in.' },
      other: { text: '{count} callers are waiting to be let in.' },
    },
    nb: {
      gender: 'common',
      zero: { text: 'Ingen venter på å slippe inn.' },
      one: { text: 'Én innringer venter på å slippe inn.' },
      other: { text: '{count} innringere venter på å slippe inn.' },
    },
  },
  'lobby.wait': {
    kind: 'phrase',
    usedWhen: 'A caller of a room that requires admission, waiting in the lobby to be let in; music on hold follows.',
    en: { text: 'The leader knows you are waiting, and will let you in shortly.' },
    nb: { text: 'Møtelederen vet at du venter, og slipper deg inn snart.' },
  },
  'lobby.admitted': {
    kind: 'phrase',
    usedWhen: 'A caller let in from the lobby (*8, or the admin API), as they are placed in the meeting.',
    en: { text: 'You will now be placed into the conference.', core: ['conf-placeintoconf'] },
    nb: { text: 'Du slippes nå inn i møtet.' },
  },
  'lobby.refused': {
    kind: 'phrase',
    usedWhen: 'A caller turned away from the lobby (#8, or the admin API), before the hang-up.',
    en: { text: 'We are sorry, the leader cannot let you in now. Goodbye!' },
    nb: { text: 'Beklager, møtelederen kan ikke slippe deg inn nå. Ha det bra!' },
  },
  'lobby.let-in': {
    kind: 'phrase',
    usedWhen: 'The leader pressed *8: the first caller in the lobby was let in.',
    en: { text: 'The caller has been let in.' },
    nb: { text: 'Innringeren er sluppet inn.' },
  },
  'lobby.turned-away': {
    kind: 'phrase',
    usedWhen: 'The leader pressed #8: the first caller in the lobby was turned away.',
    en: { text: 'The caller has been turned away.' },
    nb: { text: 'Innringeren er avvist.' },
  },
  'hand.raised': {
    kind: 'phrase',
    usedWhen: 'A participant pressed *9 with the hand down.',
    en: { text: 'Your hand is raised.' },
    nb: { text: 'Du har rukket opp hånden.' },
  },
  'hand.lowered': {
    kind: 'phrase',
    usedWhen: 'A participant pressed *9 with the hand up.',
    en: { text: 'Your hand is lowered.' },
    nb: { text: 'Du har tatt ned hånden.' },
  },
  'hand.floor-given': {
    kind: 'phrase',
    usedWhen: 'To the participant whose raised hand the leader gave the floor (*9): they are unmuted.',
    en: { text: 'You have the floor. You are now unmuted.' },
    nb: { text: 'Du har ordet. Mikrofonen din er nå slått på.' },
  },
  'hands.first-raised': {
    kind: 'phrase',
    usedWhen: 'To the leaders when a hand goes up and no other hand was up.',
    en: { text: 'A hand is raised.' },
    nb: { text: 'Noen rekker opp hånden.' },
  },
  'hands.count': {
    kind: 'counted',
    usedWhen: 'To a leader: how many hands are up (#1, or *9 with no hand up).',
    parameter: 'count',
    en: {
      gender: 'common',
      zero: { text: 'No hands are raised.' },
      one: { text: 'One hand is raised.' },
      other: { text: '{count} hands are raised.' },
    },
    nb: {
      gender: 'common',
      zero: { text: 'Ingen rekker opp hånden.' },
      one: { text: 'Én hånd er rakt opp.' },
      other: { text: '{count} hender er rakt opp.' },
    },
  },
  'hands.floor-given': {
    kind: 'phrase',
    usedWhen: 'The leader pressed *9: the first raised hand has the floor.',
    en: { text: 'The floor has been given to the first raised hand.' },
    nb: { text: 'Den første som rakk opp hånden, har fått ordet.' },
  },
  'keypad.press': {
    kind: 'keyed',
    usedWhen: 'The keypad help (*1), before what each pair of keys does; and after caller.muted-by-host.',
    en: { text: 'Press {keys}', core: ['vm-press', '{keys}'] },
    nb: { text: 'Trykk {keys}' },
  },
  'keypad.help': {
    kind: 'phrase',
    usedWhen: 'The keypad help, after keypad.press: what *1 does.',
    en: { text: 'to hear the keys you can use.' },
    nb: { text: 'for å høre hvilke taster du kan bruke.' },
  },
  'keypad.toggle-own-mute': {
    kind: 'phrase',
    usedWhen: 'The keypad help, after keypad.press: what *6 does.',
    en: { text: 'to mute or unmute yourself.', core: ['confbridge-mute-out'] },
    nb: { text: 'for å slå mikrofonen din av eller på.' },
  },
  'keypad.toggle-hand': {
    kind: 'phrase',
    usedWhen: 'The keypad help, after keypad.press: what *9 does for a participant.',
    en: { text: 'to raise or lower your hand.' },
    nb: { text: 'for å rekke opp eller ta ned hånden.' },
  },
  'keypad.give-floor': {
    kind: 'phrase',
    usedWhen: 'The keypad help, after keypad.press: what *9 does for a leader.',
    en: { text: 'to give the floor to the first raised hand.' },
    nb: { text: 'for å gi ordet til den første som rakk opp hånden.' },
  },
  'keypad.admit-next': {
    kind: 'phrase',
    usedWhen: 'The keypad help, after keypad.press: what *8 does.',
    en: { text: 'to let in the next caller waiting.' },
    nb: { text: 'for å slippe inn den neste som venter.' },
  },
  'keypad.refuse-next': {
    kind: 'phrase',
    usedWhen: 'The keypad help, after keypad.press: what #8 does.',
    en: { text: 'to turn away the next caller waiting.' },
    nb: { text: 'for å avvise den neste som venter.' },
  },
  'keypad.lobby-and-hands': {
    kind: 'phrase',
    usedWhen: 'The keypad help, after keypad.press: what #1 does.',
    en: { text: 'to hear how many are waiting and how many hands are raised.' },
    nb: { text: 'for å høre hvor mange som venter, og hvor mange som rekker opp hånden.' },
  },
  'keypad.disconnect-participants': {
    kind: 'phrase',
    usedWhen: 'The keypad help, after keypad.press: what #0 does.',
    en: { text: 'to disconnect all participants and keep the conference open.' },
    nb: { text: 'for å koble fra alle deltakerne og holde møtet åpent.' },
  },
  'keypad.count': {
    kind: 'phrase',
    usedWhen: 'The keypad help, after keypad.press: what #2 does.',
    en: { text: 'to hear how many are in the conference.' },
    nb: { text: 'for å høre hvor mange som er i møtet.' },
  },
  'keypad.toggle-listen-mode': {
    kind: 'phrase',
    usedWhen: 'The keypad help, after keypad.press: what *5 does.',
    en: { text: 'to mute or unmute all participants.' },
    nb: { text: 'for å slå alle deltakernes mikrofoner av eller på.' },
  },
  'keypad.toggle-lock': {
    kind: 'phrase',
    usedWhen: 'The keypad help, after keypad.press: what *7 does.',
    en: { text: 'to lock, or unlock the conference.', core: ['confbridge-lock-out'] },
    nb: { text: 'for å låse eller låse opp møtet.' },
  },
  'keypad.toggle-auto-end': {
    kind: 'phrase',
    usedWhen: 'The keypad help, after keypad.press: what #9 does.',
    en: { text: 'to choose whether the conference ends when you hang up.' },
    nb: { text: 'for å velge om møtet slutter når du legger på.' },
  },
  'keypad.end-meeting': {
    kind: 'phrase',
    usedWhen: 'The keypad help, after keypad.press: what ## does.',
    en: { text: 'to end the conference for everyone.' },
    nb: { text: 'for å avslutte møtet for alle.' },
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
