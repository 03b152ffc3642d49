import { occurrences } from '../../domain/booking/booking-schedule';
import { dialLink } from '../../domain/booking/dial-link';
import { calendarFile, scheduleOfNotice } from './calendar-file';
import type { MailLanguage, MailNotice } from './mail-notice';
import { MAIL_LOCALES, mailText, type MailTextKey } from './mail-texts';
import type { OutgoingMail } from '../ports/mailer';
import type { Recurrence } from '../../domain/booking/recurrence';
import { assertNever } from '../../domain/assert-never';
import type { LegRole } from '../../domain/conference/legs-and-meetings';
import { writtenKeypadCard } from '../../domain/keypad/keypad-help';

const MINUTE_MS = 60_000;

/** Before the meeting: what a participant may meet while calling in. */
const PARTICIPANT_CALLING_IN: readonly MailTextKey[] = ['card.participant.wait', 'card.participant.clear'];

/** The keys of `role` on the keypad card (domain/keypad), worded as the spoken help words them. */
function keypadLines(role: LegRole, language: MailLanguage): Array<{ text: string }> {
  return writtenKeypadCard(role, language).map((row) => ({ text: `${row.keys}  ${row.text}` }));
}

/** One block of the e-mail: a heading and its lines, written once as plain text and once as HTML. */
interface Section {
  heading: string | null;
  lines: Array<{ text: string; href?: string; strong?: boolean }>;
}

/**
 * The e-mail a notice makes, in the recipient's language and time zone:
 * what it is about, when (in the recipient's zone, with the zone named), the
 * access numbers, the participant code (and the leader code only in the
 * host's own e-mails), a one-tap dial link per number, the keypad card of the
 * recipient's role, and the calendar file.
 */
export function composeMail(notice: MailNotice, stamp: number): OutgoingMail {
  const language = notice.recipient.language;
  const t = (key: MailTextKey, values?: Record<string, string | number>) => mailText(language, key, values);
  const { meeting } = notice;
  const schedule = scheduleOfNotice(notice);
  const meetings = occurrences(schedule);
  const shown = meeting.occurrenceStart ?? meetings.find((m) => m.start >= stamp)?.start ?? meetings[0]?.start ?? 0;
  const when = formatWhen(shown, shown + meeting.durationMinutes * MINUTE_MS, notice.recipient.timeZone, language);
  const code = notice.audience === 'host' && notice.codes.leader !== null ? notice.codes.leader : notice.codes.participant;

  const intro = introKey(notice);
  const sections: Section[] = [
    { heading: null, lines: [{ text: t(intro, { organiser: meeting.organiser.name }) }] },
    {
      heading: meeting.title,
      lines: [
        { text: `${t('label.when')}: ${when}` },
        ...(meeting.recurrence !== null ? [{ text: `${t('label.repeats')}: ${repeatsText(meeting.recurrence, language)}` }] : []),
        { text: `${t('label.room')}: ${meeting.roomName}` },
      ],
    },
  ];
  if (notice.kind !== 'cancellation') {
    sections.push(
      {
        heading: t('label.dial-in'),
        lines: [
          ...notice.accessNumbers.map((access) => ({ text: `${access.number} (${access.label})` })),
          { text: `${t('label.participant-code')}: ${notice.codes.participant}`, strong: true },
          ...(notice.audience === 'host' && notice.codes.leader !== null
            ? [{ text: `${t('label.leader-code')}: ${notice.codes.leader}`, strong: true }]
            : []),
          { text: t('how-to.dial') },
          { text: t('how-to.window', { early: meeting.window.earlyEntryMinutes, grace: meeting.window.graceMinutes }) },
        ],
      },
      {
        heading: t('label.one-tap'),
        lines: notice.accessNumbers.map((access) => ({
          text: `${access.label}: ${dialLink(access.number, code)}`,
          href: dialLink(access.number, code),
        })),
      },
      {
        heading: t('label.keypad'),
        lines:
          notice.audience === 'host'
            ? keypadLines('leader', language)
            : [...PARTICIPANT_CALLING_IN.map((key) => ({ text: t(key) })), ...keypadLines('participant', language)],
      },
    );
  }
  sections.push({ heading: null, lines: [{ text: t('footer') }] });

  const text = sections.map(plainSection).join('\n\n') + '\n';
  const firstNumber = notice.accessNumbers[0];
  const location = firstNumber === undefined ? meeting.roomName : dialLink(firstNumber.number, notice.codes.participant);
  return {
    to: { name: notice.recipient.name, email: notice.recipient.email },
    subject: t(subjectKey(notice), { title: meeting.title, time: formatTime(shown, notice.recipient.timeZone, language) }),
    text,
    html: htmlDocument(sections, language),
    calendar: {
      method: notice.kind === 'cancellation' ? 'CANCEL' : 'REQUEST',
      // The calendar entry is shared with the invitees' view of it: it carries the participant code only.
      content: calendarFile(notice, notice.kind === 'cancellation' ? 'CANCEL' : 'REQUEST', text, location, stamp),
    },
  };
}

function introKey(notice: MailNotice): MailTextKey {
  switch (notice.kind) {
    case 'invitation':
      return notice.audience === 'host' ? 'intro.invitation.host' : 'intro.invitation.invitee';
    case 'update':
      return 'intro.update';
    case 'cancellation':
      return 'intro.cancellation';
    case 'reminder':
      return 'intro.reminder';
    default:
      return assertNever(notice.kind);
  }
}

function subjectKey(notice: MailNotice): MailTextKey {
  switch (notice.kind) {
    case 'invitation':
      return 'subject.invitation';
    case 'update':
      return 'subject.update';
    case 'cancellation':
      return 'subject.cancellation';
    case 'reminder':
      return 'subject.reminder';
    default:
      return assertNever(notice.kind);
  }
}

/** "Tuesday, 10 March 2026 at 09:00–10:00 (time zone Europe/Oslo)", in the recipient's zone and language. */
function formatWhen(start: number, end: number, timeZone: string, language: MailLanguage): string {
  const date = new Intl.DateTimeFormat(MAIL_LOCALES[language], {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(start);
  return `${date}–${formatTime(end, timeZone, language)} (${mailText(language, 'time.zone', { zone: timeZone })})`;
}

function formatTime(instant: number, timeZone: string, language: MailLanguage): string {
  return new Intl.DateTimeFormat(MAIL_LOCALES[language], { timeZone, hour: '2-digit', minute: '2-digit' }).format(instant);
}

function weekdayName(weekday: string, language: MailLanguage): string {
  // 2024-01-01 was a Monday.
  const index = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'].indexOf(weekday);
  return new Intl.DateTimeFormat(MAIL_LOCALES[language], { weekday: 'long', timeZone: 'UTC' }).format(Date.UTC(2024, 0, 1 + index));
}

function repeatsText(recurrence: Recurrence, language: MailLanguage): string {
  const t = (key: MailTextKey, values?: Record<string, string | number>) => mailText(language, key, values);
  const interval = recurrence.interval;
  let pattern: string;
  switch (recurrence.frequency) {
    case 'weekly': {
      const days = recurrence.weekdays.map((day) => weekdayName(day, language)).join(', ');
      pattern = interval === 1 ? t('repeats.weekly', { days }) : t('repeats.weekly.interval', { days, interval });
      break;
    }
    case 'monthly': {
      const on = recurrence.on;
      if (on.kind === 'month-day') {
        pattern = interval === 1 ? t('repeats.monthly-day', { day: on.day }) : t('repeats.monthly-day.interval', { day: on.day, interval });
      } else {
        const values = { ordinal: t(`ordinal.${on.ordinal}`), weekday: weekdayName(on.weekday, language), interval };
        pattern = interval === 1 ? t('repeats.monthly-weekday', values) : t('repeats.monthly-weekday.interval', values);
      }
      break;
    }
    default:
      return assertNever(recurrence);
  }
  const ends = recurrence.ends;
  if (ends.kind === 'count') return pattern + t('repeats.count', { count: ends.count });
  if (ends.kind === 'until') return pattern + t('repeats.until', { date: ends.date });
  return pattern;
}

function plainSection(section: Section): string {
  const lines = section.lines.map((line) => line.text);
  return (section.heading === null ? lines : [section.heading, ...lines]).join('\n');
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/** The same sections as HTML: every text escaped, links only to the `tel:` URIs Kvorum built. */
function htmlDocument(sections: Section[], language: MailLanguage): string {
  const body = sections
    .map((section) => {
      const heading = section.heading === null ? '' : `<h2>${escapeHtml(section.heading)}</h2>`;
      const lines = section.lines
        .map((line) => {
          const text = escapeHtml(line.text);
          if (line.href !== undefined) return `<p><a href="${escapeHtml(line.href)}">${text}</a></p>`;
          return line.strong ? `<p><strong>${text}</strong></p>` : `<p>${text}</p>`;
        })
        .join('');
      return `${heading}${lines}`;
    })
    .join('\n');
  return `<!doctype html><html lang="${language}"><head><meta charset="utf-8"></head><body>${body}</body></html>`;
}
