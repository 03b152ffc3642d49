import nodemailer from 'nodemailer';
import type { Mailer, OutgoingMail } from '../../app/ports/mailer';

export interface SmtpSettings {
  host: string;
  port: number;
  tls: 'starttls' | 'implicit' | 'none';
  user?: string;
  password?: string;
  from: string;
  /** Connection and greeting timeouts; a slow server fails the attempt, which is retried. */
  timeoutMs?: number;
}

/**
 * Sends the booking e-mails over SMTP with nodemailer: plain text and HTML
 * alternatives, and the calendar file as a `text/calendar; method=…` part
 * (what Outlook, Google Calendar and Apple Mail read as an invitation).
 */
export function createSmtpMailer(settings: SmtpSettings): Mailer {
  const timeout = settings.timeoutMs ?? 30_000;
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.tls === 'implicit',
    requireTLS: settings.tls === 'starttls',
    ignoreTLS: settings.tls === 'none',
    ...(settings.user !== undefined ? { auth: { user: settings.user, pass: settings.password ?? '' } } : {}),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  return {
    async send(mail: OutgoingMail): Promise<void> {
      await transport.sendMail({
        from: settings.from,
        to: { name: mail.to.name, address: mail.to.email },
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        icalEvent: { method: mail.calendar.method, filename: 'invite.ics', content: mail.calendar.content },
      });
    },
  };
}
