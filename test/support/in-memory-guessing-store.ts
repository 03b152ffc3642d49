import type { GuessingStore, RecordedFailure } from '../../src/app/ports/guessing-store';
import type { FailureStanding, Standing, StandingQuery } from '../../src/domain/guessing/guessing-rules';

/**
 * The guessing store in memory, answering as the SQLite one does (counts
 * capped, failures outside the window pruned). Several bridges given the same
 * store share it, as Kvorum processes share a database. `failNext` makes the
 * next call reject, as a database that refuses would.
 */
export class InMemoryGuessingStore implements GuessingStore {
  readonly failures: RecordedFailure[] = [];
  readonly blocks = new Map<string, number>();
  readonly alarms = new Map<string, number>();
  private failing = 0;

  failNext(times = 1): void {
    this.failing += times;
  }

  async standing(query: StandingQuery): Promise<Standing> {
    this.maybeFail();
    return this.read(query);
  }

  async blockedUntil(bucket: string, at: number): Promise<number | null> {
    this.maybeFail();
    return this.blockAt(bucket, at);
  }

  async recordFailure(failure: RecordedFailure, query: StandingQuery): Promise<FailureStanding> {
    this.maybeFail();
    const kept = this.failures.filter((recorded) => recorded.at > query.since);
    this.failures.splice(0, this.failures.length, ...kept, failure);
    return {
      ...this.read(query),
      lastAlarmAt: {
        accessNumber: this.alarms.get(query.alarmScopes.accessNumber) ?? null,
        service: this.alarms.get(query.alarmScopes.service) ?? null,
      },
    };
  }

  async block(bucket: string, until: number): Promise<void> {
    this.maybeFail();
    this.blocks.set(bucket, Math.max(until, this.blocks.get(bucket) ?? until));
  }

  async claimAlarm(scope: string, at: number, previousAlarmAt: number | null): Promise<boolean> {
    this.maybeFail();
    if ((this.alarms.get(scope) ?? null) !== previousAlarmAt) return false;
    this.alarms.set(scope, at);
    return true;
  }

  private read(query: StandingQuery): Standing {
    const recent = this.failures.filter((failure) => failure.at > query.since);
    const count = (matches: (failure: RecordedFailure) => boolean, upTo: number) => Math.min(recent.filter(matches).length, upTo);
    return {
      blockedUntil: this.blockAt(query.bucket, query.at),
      callerFailures: count((failure) => failure.bucket === query.bucket, query.countUpTo.caller),
      accessNumberFailures: count((failure) => failure.accessNumber === query.accessNumber, query.countUpTo.accessNumber),
      serviceFailures: count(() => true, query.countUpTo.service),
    };
  }

  private blockAt(bucket: string, at: number): number | null {
    const until = this.blocks.get(bucket);
    return until !== undefined && until > at ? until : null;
  }

  private maybeFail(): void {
    if (this.failing === 0) return;
    this.failing -= 1;
    throw new Error('the guessing store is unavailable');
  }
}
