/** One e-mail, ready to go: plain text and HTML, and the calendar file as its iCalendar part. */
export interface OutgoingMail {
  to: { name: string; email: string };
  subject: string;
  text: string;
  html: string;
  calendar: { method: 'REQUEST' | 'CANCEL'; content: string };
}

/** Sends e-mail (SMTP, implemented by adapters/mail). Rejects when the server refuses or cannot be reached. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}
