import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import {
  callStates,
  type AriMetrics,
  type BridgeGauges,
  type BridgeMetrics,
  type CallRefusalReason,
  type CodeFailureOutcome,
  type LedgerMetrics,
} from '../../app/ports/metrics';

/** What a scrape answers. */
export interface Scrape {
  contentType: string;
  body: string;
}

/** The metrics on Prometheus: every port's counters, and what is read from the bridge and the ledger at each scrape. */
export interface PrometheusMetrics extends BridgeMetrics, AriMetrics, LedgerMetrics {
  /** The bridge's calls and meetings, read at every scrape from here on. */
  watch(sources: { bridge: BridgeGauges; ledgerWaiting: () => number }): void;
  scrape(): Promise<Scrape>;
}

const codeFailureOutcomes: readonly CodeFailureOutcome[] = ['retry', 'retry-slowed', 'sent-away'];
const refusalReasons: readonly CallRefusalReason[] = [
  'blocked',
  'anonymous-not-allowed',
  'too-many-calls-from-caller',
  'too-many-calls-on-access-number',
  'shutting-down',
  'overloaded',
];

/** ARI requests take milliseconds; a timeout is seconds. */
const ARI_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/** A ledger write waits about 50 ms for its commit (a checkpoint none); while commits fail, for the retries (up to minutes). */
const LEDGER_LAG_SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1, 5, 30, 120];

/**
 * One registry per Kvorum (no global state: tests run several). Metric names
 * start with `kvorum_`; Node's own (event-loop delay as
 * `nodejs_eventloop_lag_*_seconds`, measured since the previous scrape, heap,
 * GC, CPU, file descriptors) keep prom-client's standard names, which
 * dashboards expect. Every label set is created at start, so a counter that
 * has not moved reads 0 instead of being absent.
 */
export function createPrometheusMetrics(): PrometheusMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  let sources: { bridge: BridgeGauges; ledgerWaiting: () => number } | null = null;
  /** A counter of the registry; with a label, every value of it starts at 0. */
  const counter = (name: string, help: string, label?: { name: string; values: readonly string[] }) => {
    const created = new Counter({ name, help, labelNames: label ? [label.name] : [], registers: [registry] });
    for (const value of label?.values ?? []) created.inc({ [label!.name]: value }, 0);
    return created;
  };

  const calls = new Gauge({
    name: 'kvorum_calls',
    help: 'Calls held by the bridge, by where they are: code-entry (ringing before it included), waiting (for the leader), in-meeting, farewell.',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      if (sources === null) return;
      const counts = sources.bridge.callsByState();
      for (const state of callStates) this.set({ state }, counts[state]);
    },
  });
  for (const state of callStates) calls.set({ state }, 0);
  new Gauge({
    name: 'kvorum_meetings_live',
    help: 'Meetings open now (opened by a leader, not ended).',
    registers: [registry],
    collect() {
      this.set(sources?.bridge.meetingsLive() ?? 0);
    },
  });
  const codeFailures = counter(
    'kvorum_code_failures_total',
    'Codes typed and not found, by what followed: retry, retry-slowed (during a spike), sent-away (the number reached its limit).',
    { name: 'outcome', values: codeFailureOutcomes },
  );
  const refusals = counter(
    'kvorum_calls_refused_total',
    'Callers sent away by the guessing limits, a stop or load shedding (overloaded: refused unanswered) before a code was looked up, by reason.',
    { name: 'reason', values: refusalReasons },
  );
  const spikeWaits = counter(
    'kvorum_spike_waits_total',
    'Calls that rang, unanswered, before their caller could type, because of a spike of failed codes.',
  );
  const alarms = counter('kvorum_code_guessing_alarms_total', 'Code guessing alarms raised, by scope (access-number, service).', {
    name: 'scope',
    values: ['access-number', 'service'],
  });
  const storeFailures = counter(
    'kvorum_guessing_store_failures_total',
    'Answers the guessing store could not give; the calls went on without them.',
  );
  const ariRequests = new Histogram({
    name: 'kvorum_ari_request_duration_seconds',
    help: 'ARI REST requests from sending to the answer (or the timeout), by operation and outcome.',
    labelNames: ['operation', 'outcome'],
    buckets: ARI_SECONDS,
    registers: [registry],
  });
  const ledgerLag = new Histogram({
    name: 'kvorum_ledger_commit_lag_seconds',
    help: 'How long the oldest write of each committed ledger batch waited for its commit.',
    buckets: LEDGER_LAG_SECONDS,
    registers: [registry],
  });
  const ledgerWrites = counter('kvorum_ledger_writes_committed_total', 'Ledger writes (legs, meetings, checkpoints) committed.');
  const ledgerFailures = counter(
    'kvorum_ledger_commit_failures_total',
    'Ledger commits the database refused; the writes were kept and retried.',
  );
  new Gauge({
    name: 'kvorum_ledger_waiting_writes',
    help: 'Ledger writes waiting for a commit now: the retry backlog while the database refuses them.',
    registers: [registry],
    collect() {
      this.set(sources?.ledgerWaiting() ?? 0);
    },
  });

  return {
    codeFailed: (outcome) => codeFailures.inc({ outcome }),
    callRefused: (reason) => refusals.inc({ reason }),
    spikeWait: () => spikeWaits.inc(),
    guessingAlarm: (scope) => alarms.inc({ scope }),
    guessingStoreFailed: () => storeFailures.inc(),
    ariRequest: (operation, seconds, outcome) => ariRequests.observe({ operation, outcome }, seconds),
    ledgerBatchCommitted(writes, lagSeconds) {
      ledgerWrites.inc(writes);
      ledgerLag.observe(lagSeconds);
    },
    ledgerCommitFailed: () => ledgerFailures.inc(),
    watch(watched) {
      sources = watched;
    },
    async scrape() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
