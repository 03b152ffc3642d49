import type { Logger } from '../../logger';
import type { Clock, TimerHandle } from '../ports/clock-and-ids';
import type { MailOutbox } from '../ports/booking-store';
import type { Mailer } from '../ports/mailer';
import { composeMail } from './compose-mail';

export interface OutboxWorkerSettings {
  pollMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  maxAttempts: number;
}

/** Sends what the outbox holds, off every call's and request's path. */
export interface OutboxWorker {
  start(): void;
  /** Something was queued: look soon rather than at the next poll. */
  kick(): void;
  /** Waits for the round in progress and stops. */
  stop(): Promise<void>;
  /** One round: housekeeping (reminders, expired codes), then every e-mail due. */
  runOnce(): Promise<void>;
}

/** How many e-mails one round sends at most, so a big backlog still lets housekeeping run. */
const BATCH = 50;

/**
 * How long a worker holds the e-mail it is sending before another may take
 * it: far longer than one attempt takes (the SMTP mailer gives up on a
 * silent server after 30 s a stage), so two workers do not send it both,
 * and short enough that the e-mail of a worker that died goes out soon.
 */
const CLAIM_MS = 10 * 60_000;

/**
 * The retry delay after the `attempt`-th failure: the base, doubling, capped
 * at the maximum. After `maxAttempts` failures the e-mail is given up:
 * failed, visible on the booking.
 */
export function retryDelayMs(attempt: number, settings: Pick<OutboxWorkerSettings, 'retryBaseMs' | 'retryMaxMs'>): number {
  return Math.min(settings.retryBaseMs * 2 ** Math.max(0, attempt - 1), settings.retryMaxMs);
}

/**
 * The mail worker: every `pollMs` (and soon after a kick) it runs the
 * housekeeping it is given, then sends the e-mails due, one at a time, each
 * claimed before it is sent (other workers may share the outbox) and each
 * attempt recorded. Without a mailer (no SMTP configured) the e-mails stay
 * queued. Nothing it logs carries a code or what an e-mail says.
 */
export function createOutboxWorker(deps: {
  outbox: MailOutbox;
  mailer: Mailer | null;
  housekeeping: (at: number) => Promise<void>;
  clock: Clock;
  logger: Logger;
  settings: OutboxWorkerSettings;
}): OutboxWorker {
  const { outbox, mailer, clock, logger, settings } = deps;
  let timer: TimerHandle | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = true;

  async function sendDue(): Promise<void> {
    if (mailer === null) return;
    for (let tried = 0; tried < BATCH; tried += 1) {
      const mail = await outbox.claimNext(clock.now(), clock.now() + CLAIM_MS);
      if (mail === null) return;
      const attempt = mail.attempts + 1;
      const log = logger.child({ mailId: mail.id, kind: mail.notice.kind, audience: mail.notice.audience, attempt });
      try {
        await mailer.send(composeMail(mail.notice, clock.now()));
        await outbox.recordAttempt(mail, clock.now(), { kind: 'sent' });
        log.info('e-mail sent');
      } catch (error) {
        const reason = (error instanceof Error ? error.message : String(error)).slice(0, 300);
        const retryAt = attempt < settings.maxAttempts ? clock.now() + retryDelayMs(attempt, settings) : null;
        await outbox.recordAttempt(mail, clock.now(), { kind: 'failed', error: reason, retryAt });
        log[retryAt === null ? 'error' : 'warn']({ reason, retryAt }, retryAt === null ? 'e-mail given up' : 'e-mail failed; will retry');
      }
    }
  }

  async function round(): Promise<void> {
    try {
      await deps.housekeeping(clock.now());
      await sendDue();
    } catch (error) {
      logger.error({ err: error }, 'mail worker round failed');
    }
  }

  function run(): Promise<void> {
    if (running !== null) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await round();
      } while (again && !stopped);
    })().finally(() => {
      running = null;
    });
    return running;
  }

  function schedule(ms: number): void {
    timer?.cancel();
    if (stopped) return;
    timer = clock.after(ms, () => {
      void run().then(() => schedule(settings.pollMs));
    });
  }

  return {
    start() {
      stopped = false;
      schedule(0);
    },
    kick() {
      if (!stopped) schedule(0);
    },
    async stop() {
      stopped = true;
      timer?.cancel();
      await running;
    },
    runOnce: () => run(),
  };
}
