import type { MailLanguage } from './mail-notice';

/**
 * Every word of the booking e-mails, in one catalogue per language. English
 * is the reference: bokmål must have every one of its keys with the same
 * placeholders (`{title}`), which the type checks and
 * test/unit/mail-texts.test.ts proves at run time too.
 */
const en = {
  'subject.invitation': 'Invitation: {title}',
  'subject.update': 'Changed: {title}',
  'subject.cancellation': 'Cancelled: {title}',
  'subject.reminder': 'Reminder: {title} at {time}',
  'intro.invitation.invitee': '{organiser} invites you to a telephone meeting.',
  'intro.invitation.host': 'You host this telephone meeting. Your leader code opens it; your invitees have the participant code.',
  'intro.update': 'The meeting has been changed. This replaces the earlier invitation.',
  'intro.cancellation': 'The meeting has been cancelled.',
  'intro.reminder': 'Your meeting starts soon.',
  'label.when': 'When',
  'label.repeats': 'Repeats',
  'label.room': 'Room',
  'label.dial-in': 'Dial in',
  'label.participant-code': 'Participant code',
  'label.leader-code': 'Leader code (yours alone: never pass it on)',
  'label.one-tap': 'One tap from a mobile phone',
  'label.keypad': 'Keypad',
  'label.cancelled-meetings': 'Cancelled meetings',
  'how-to.dial': 'Call one of the numbers, type the code and finish with #.',
  'how-to.window': 'The code works from {early} minutes before the start until {grace} minutes after the end.',
  'card.participant.wait': 'If the leader has not arrived, you wait with music until the meeting opens.',
  'card.participant.clear': '* clears what you have typed; a wrong code can be typed again.',
  'repeats.weekly': 'every week on {days}',
  'repeats.weekly.interval': 'every {interval} weeks on {days}',
  'repeats.monthly-day': 'every month on day {day}',
  'repeats.monthly-day.interval': 'every {interval} months on day {day}',
  'repeats.monthly-weekday': 'every month on the {ordinal} {weekday}',
  'repeats.monthly-weekday.interval': 'every {interval} months on the {ordinal} {weekday}',
  'repeats.count': ', {count} times',
  'repeats.until': ', until {date}',
  'ordinal.1': 'first',
  'ordinal.2': 'second',
  'ordinal.3': 'third',
  'ordinal.4': 'fourth',
  'ordinal.-1': 'last',
  'time.zone': 'time zone {zone}',
  footer: 'The calendar file in this e-mail adds the meeting to your calendar. Sent by Kvorum.',
} as const;

export type MailTextKey = keyof typeof en;

const nb: Record<MailTextKey, string> = {
  'subject.invitation': 'Invitasjon: {title}',
  'subject.update': 'Endret: {title}',
  'subject.cancellation': 'Avlyst: {title}',
  'subject.reminder': 'Påminnelse: {title} kl. {time}',
  'intro.invitation.invitee': '{organiser} inviterer deg til et telefonmøte.',
  'intro.invitation.host': 'Du er møteleder. Lederkoden din åpner møtet; de inviterte har deltakerkoden.',
  'intro.update': 'Møtet er endret. Dette erstatter den forrige invitasjonen.',
  'intro.cancellation': 'Møtet er avlyst.',
  'intro.reminder': 'Møtet ditt begynner snart.',
  'label.when': 'Når',
  'label.repeats': 'Gjentas',
  'label.room': 'Rom',
  'label.dial-in': 'Ring inn',
  'label.participant-code': 'Deltakerkode',
  'label.leader-code': 'Lederkode (bare for deg: gi den aldri videre)',
  'label.one-tap': 'Ett trykk fra mobilen',
  'label.keypad': 'Tastatur',
  'label.cancelled-meetings': 'Avlyste møter',
  'how-to.dial': 'Ring et av numrene, tast koden og avslutt med firkant (#).',
  'how-to.window': 'Koden virker fra {early} minutter før start til {grace} minutter etter slutt.',
  'card.participant.wait': 'Er ikke møtelederen kommet, venter du med musikk til møtet åpner.',
  'card.participant.clear': '* sletter det du har tastet; en feil kode kan tastes på nytt.',
  'repeats.weekly': 'hver uke på {days}',
  'repeats.weekly.interval': 'hver {interval}. uke på {days}',
  'repeats.monthly-day': 'hver måned den {day}.',
  'repeats.monthly-day.interval': 'hver {interval}. måned den {day}.',
  'repeats.monthly-weekday': 'hver måned på {ordinal} {weekday}',
  'repeats.monthly-weekday.interval': 'hver {interval}. måned på {ordinal} {weekday}',
  'repeats.count': ', {count} ganger',
  'repeats.until': ', til og med {date}',
  'ordinal.1': 'første',
  'ordinal.2': 'andre',
  'ordinal.3': 'tredje',
  'ordinal.4': 'fjerde',
  'ordinal.-1': 'siste',
  'time.zone': 'tidssone {zone}',
  footer: 'Kalenderfilen i denne e-posten legger møtet inn i kalenderen din. Sendt av Kvorum.',
};

export const MAIL_TEXTS: Record<MailLanguage, Record<MailTextKey, string>> = { en, nb };

/** The locale dates and times are written in for each language. */
export const MAIL_LOCALES: Record<MailLanguage, string> = { en: 'en-GB', nb: 'nb-NO' };

/** The text of `key` in `language` with its placeholders filled in. */
export function mailText(language: MailLanguage, key: MailTextKey, values: Record<string, string | number> = {}): string {
  return MAIL_TEXTS[language][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
