import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A message the catcher took, parsed as a mail client would. */
export interface CaughtMail {
  to: string;
  parsed: ParsedMail;
  /** The iCalendar part, as text. */
  calendar: string;
  /** The METHOD parameter of the calendar part's content type (REQUEST, CANCEL). */
  calendarMethod: string | null;
}

/**
 * A real SMTP server in the test process on 127.0.0.1 (free port): it takes
 * every message (or refuses them while `refusing`), parses what arrived with
 * mailparser, and lets a test wait for messages with a bounded timeout.
 */
export class SmtpCatcher {
  readonly mails: CaughtMail[] = [];
  /** While true, every message is refused with a temporary failure (451). */
  refusing = false;
  refused = 0;
  private waiters: Array<() => void> = [];

  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
  ) {}

  static async start(): Promise<SmtpCatcher> {
    let catcher: SmtpCatcher | undefined = undefined;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const self = catcher as SmtpCatcher;
          if (self.refusing) {
            self.refused++;
            const error = Object.assign(new Error('mailbox busy, try again later'), { responseCode: 451 });
            callback(error);
            self.notify();
            return;
          }
          const to = session.envelope.rcptTo.map((rcpt) => rcpt.address).join(',');
          simpleParser(Buffer.concat(chunks)).then(
            (parsed) => {
              self.mails.push({ to, parsed, ...calendarPart(parsed) });
              callback();
              self.notify();
            },
            (error: Error) => callback(error),
          );
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    catcher = new SmtpCatcher(server, (server.server.address() as AddressInfo).port);
    return catcher;
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Waits until `holds` is true of the catcher (checked on every message), for at most `timeoutMs`. */
  async waitFor(holds: (catcher: SmtpCatcher) => boolean, description: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!holds(this)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${description}: not within ${timeoutMs} ms (${this.mails.length} mails, ${this.refused} refused)`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The mails to `address`, oldest first. */
  to(address: string): CaughtMail[] {
    return this.mails.filter((mail) => mail.to === address);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function calendarPart(parsed: ParsedMail): { calendar: string; calendarMethod: string | null } {
  const part = parsed.attachments.find(
    (attachment) => attachment.contentType === 'text/calendar' || attachment.contentType === 'application/ics',
  );
  if (part === undefined) return { calendar: '', calendarMethod: null };
  const header = part.headers.get('content-type') as { params?: Record<string, string> } | undefined;
  return { calendar: part.content.toString('utf8'), calendarMethod: header?.params?.method ?? null };
}
