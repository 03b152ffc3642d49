/**
 * Messages between the benchmark driver (`run.ts`) and the simulator process
 * that carries the load generator (`sim-load-process.ts`), over Node's IPC
 * channel. The driver sends one command at a time and waits for its answer.
 */
import type { LatencySummary } from '../simulator';
import type { Traffic } from './traffic-counter';

/** How the callers are grouped and how fast they arrive. */
export interface LoadPlan {
  /** Connected callers to reach and hold. */
  callers: number;
  /** Callers per meeting, leaders included. */
  meetingSize: number;
  /** Leaders per meeting (they type the keypad commands). */
  leadersPerMeeting: number;
  /** New calls per second while ramping up. */
  dialsPerSecond: number;
  /** How long a caller listens to the code prompt before typing (ms). */
  promptListenMs: number;
  /** Longest wait from the `#` of a code to being in a bridge before the call counts as failed (ms). */
  admissionTimeoutMs: number;
}

/** What callers do while the measurement window runs. */
export interface SteadyPlan {
  windowMs: number;
  /** Mean interval between one leader's keypad commands (ms). */
  commandIntervalMs: number;
  /** Mean time a participant stays before hanging up and calling again (ms); 0 = nobody leaves. */
  meanHoldMs: number;
  /** After the window: time for the last inputs to be answered before latency is read (ms). */
  drainMs: number;
}

export type DriverCommand =
  | { kind: 'ramp'; plan: LoadPlan }
  | { kind: 'steady'; plan: SteadyPlan }
  | { kind: 'probe-leaders'; command: string; timeoutMs: number }
  | { kind: 'hang-up-all' }
  /** The ARI traffic counted since the last `ramp` (which resets it). */
  | { kind: 'traffic' }
  | { kind: 'close' };

/** From the `#` of a code to the call in the conference's bridge (bench/join-timing.ts). */
export interface JoinFigures {
  /** The conference is on the server the call arrived on. */
  sameServer: LatencySummary;
  /** The call was carried over the internal trunk to the conference's server. */
  crossServer: LatencySummary;
  /** Not in a bridge within the admission timeout: still on the server dialled, or carried but not let in. */
  failedOnServerDialled: number;
  failedAfterCarry: number;
  /** The failed callers by what they met: hung up or still up, and the last sound they heard. */
  failures: Record<string, number>;
}

export interface RampResult {
  kind: 'ramped';
  dialled: number;
  admitted: number;
  /** Not admitted, other than refused. */
  failed: number;
  /** Refused at the door (load shedding: unanswered, congestion). */
  refused: number;
  ms: number;
  latency: LatencySummary;
  joins: JoinFigures;
}

export interface SteadyResult {
  kind: 'steady-done';
  latency: LatencySummary;
  /** Inputs completed (last key sent) inside the window. */
  inputs: number;
  /** Inputs that got no answering request (inputs − latency samples). */
  unanswered: number;
  /** Calls that ended during the window and were dialled again. */
  callsChurned: number;
  /** Callers that were not let into a bridge after their code in time. */
  admissionFailures: number;
  /** Calls (dialled again during the window) refused at the door: load shedding, unanswered, congestion. */
  refused: number;
  /** Callers hung up by the bridge although nobody asked for it (refused at the door not included). */
  unexpectedHangups: number;
  /** Callers connected (in a bridge) at the end of the window. */
  connectedAtEnd: number;
  /** The simulator process's own event-loop delay during the window (ms): its share of the latency. */
  simLoopDelay: { p50: number; p99: number; max: number };
  /** Joins of the callers who called again during the window. */
  joins: JoinFigures;
}

export interface ProbeResult {
  kind: 'probed';
  leaders: number;
  latency: LatencySummary;
}

export type LoadAnswer =
  /** `mediaServers`: the simulated cluster's servers, when the process was started with some (else one lone Asterisk at `url`). */
  | { kind: 'listening'; url: string; username: string; password: string; mediaServers: { id: string; url: string }[] }
  | RampResult
  | SteadyResult
  | ProbeResult
  | { kind: 'hung-up'; callers: number }
  | { kind: 'traffic'; traffic: Traffic }
  | { kind: 'failed'; message: string };
