/**
 * The benchmark's callers, run inside the simulator process: meetings of
 * leaders and participants who dial in, listen to the code prompt, type
 * their code and `#`, and then, while the measurement window is open,
 * leaders type keypad commands (letting the lobby in, in the rooms that
 * require admission), and participants raise and lower hands, mute and
 * unmute themselves, hang up and call again.
 * Latency is the simulator's own measure (`sim.latency()`): from the key
 * that completes an input to the first ARI request that answers it.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SimCaller, Simulator } from '../simulator';
import { createJoinTiming } from './join-timing';
import { BENCH_ACCESS_NUMBER, leaderCode, participantCode } from './bench-codes';
import { ConditionPoller } from './condition-poller';
import type { LoadPlan, ProbeResult, RampResult, SteadyPlan, SteadyResult } from './load-protocol';

const POLL_INTERVAL_MS = 20;
/** Q.850 cause 34, "Circuit/channel congestion". */
const CONGESTION = 34;
/** monitorEventLoopDelay's samples include its own sampling interval: subtracted to leave the delay. */
const LOOP_DELAY_RESOLUTION_MS = 5;
/** Keypad commands a leader cycles through; each toggle comes back to where it started; `*8` lets in whoever waits in the lobby. */
const LEADER_COMMANDS = ['#2', '*6', '*5', '*8', '#2', '*6', '*5', '*8'] as const;
/** A participant's keys: a hand up and down, their own mute on and off. */
const PARTICIPANT_COMMANDS = ['*9', '*6', '*9', '*6'] as const;
/** Participants type their keys this many times less often than leaders. */
const PARTICIPANT_COMMAND_SLOWDOWN = 4;

interface CallerSlot {
  role: 'leader' | 'participant';
  conference: number;
  call: SimCaller | null;
  /** We hung this call up ourselves (churn or teardown). */
  leftOnPurpose: boolean;
  commandsTyped: number;
}

export interface LoadGenerator {
  ramp(plan: LoadPlan): Promise<RampResult>;
  steady(plan: SteadyPlan): Promise<SteadyResult>;
  probeLeaders(command: string, timeoutMs: number): Promise<ProbeResult>;
  hangUpAll(): Promise<number>;
}

/** One simulated Asterisk, or a cluster of them that the calls reach through its edge (`SimCluster`). */
export type LoadTarget = Pick<Simulator, 'dial' | 'latency' | 'resetLatency'>;

export function createLoadGenerator(sim: LoadTarget): LoadGenerator {
  const poller = new ConditionPoller(POLL_INTERVAL_MS);
  const joins = createJoinTiming();
  let slots: CallerSlot[] = [];
  let loadPlan: LoadPlan | null = null;
  /** Inputs are only typed while this is true; counted into `inputs`. */
  let windowOpen = false;
  let inputs = 0;
  let admissionFailures = 0;
  /** Calls the bridge refused at the door (load shedding), counted apart from every other way a call failed. */
  let refused = 0;

  async function type(slot: CallerSlot, call: SimCaller, digits: string): Promise<void> {
    await call.press(digits);
    if (call.state !== 'hungup') inputs += 1;
  }

  /** One call of the slot: dial, listen to the prompt, type the code; true once it is in a bridge. */
  async function callIn(slot: CallerSlot, plan: LoadPlan): Promise<boolean> {
    const call = sim.dial(BENCH_ACCESS_NUMBER, { callerId: `+4790${String(slots.indexOf(slot)).padStart(6, '0')}` });
    slot.call = call;
    slot.leftOnPurpose = false;
    const dialledOn = call.mediaServer();
    await sleep(plan.promptListenMs);
    if (call.state === 'hungup' || !windowOpen) return notAdmitted(call, false);
    const code = slot.role === 'leader' ? leaderCode(slot.conference) : participantCode(slot.conference);
    await type(slot, call, `${code}#`);
    const join = joins.codeSent(call, dialledOn);
    const admitted = await poller.waitFor(() => call.bridgeType() !== null || call.state === 'hungup', plan.admissionTimeoutMs);
    join.settled(admitted && call.bridgeType() !== null);
    if (admitted && call.bridgeType() !== null) return true;
    return notAdmitted(call, true);
  }

  /** A call that did not get in: refused at the door, or (once it typed its code) an admission failure. */
  function notAdmitted(call: SimCaller, typed: boolean): false {
    if (refusedAtDoor(call)) refused += 1;
    else if (typed) admissionFailures += 1;
    return false;
  }

  function buildSlots(plan: LoadPlan): CallerSlot[] {
    return Array.from({ length: plan.callers }, (_, index) => {
      const positionInMeeting = index % plan.meetingSize;
      return {
        role: positionInMeeting < plan.leadersPerMeeting ? 'leader' : 'participant',
        conference: Math.floor(index / plan.meetingSize),
        call: null,
        leftOnPurpose: false,
        commandsTyped: 0,
      };
    });
  }

  async function ramp(plan: LoadPlan): Promise<RampResult> {
    loadPlan = plan;
    slots = buildSlots(plan);
    sim.resetLatency();
    joins.reset();
    windowOpen = true;
    inputs = 0;
    admissionFailures = 0;
    refused = 0;
    const started = Date.now();
    // Meeting by meeting, leaders first: people join at the start of their meeting.
    const arrivals = slots.map(async (slot, index) => {
      await sleep((index * 1000) / plan.dialsPerSecond);
      return callIn(slot, plan);
    });
    const admitted = (await Promise.all(arrivals)).filter(Boolean).length;
    windowOpen = false;
    return {
      kind: 'ramped',
      dialled: slots.length,
      admitted,
      failed: slots.length - admitted - refused,
      refused,
      ms: Date.now() - started,
      latency: sim.latency(),
      joins: joins.read(),
    };
  }

  async function leaderLoop(slot: CallerSlot, plan: SteadyPlan): Promise<void> {
    await sleep(Math.random() * plan.commandIntervalMs);
    while (windowOpen) {
      const call = slot.call;
      if (call === null || call.state === 'hungup') return;
      const command = LEADER_COMMANDS[slot.commandsTyped % LEADER_COMMANDS.length] ?? '#2';
      slot.commandsTyped += 1;
      await type(slot, call, command);
      await sleep(plan.commandIntervalMs * (0.5 + Math.random()));
    }
  }

  /** A participant in the meeting (not waiting in a lobby) raises and lowers a hand and mutes and unmutes themself. */
  async function participantKeysLoop(slot: CallerSlot, plan: SteadyPlan): Promise<void> {
    const intervalMs = plan.commandIntervalMs * PARTICIPANT_COMMAND_SLOWDOWN;
    await sleep(Math.random() * intervalMs);
    while (windowOpen) {
      const call = slot.call;
      // A caller in a lobby has no keypad yet: its keys would get no answer.
      if (call !== null && call.state !== 'hungup' && call.bridgeType() === 'mixing') {
        const command = PARTICIPANT_COMMANDS[slot.commandsTyped % PARTICIPANT_COMMANDS.length] ?? '*9';
        slot.commandsTyped += 1;
        await type(slot, call, command);
      }
      await sleep(intervalMs * (0.5 + Math.random()));
    }
  }

  /** Participants come and go: each stays a random while, hangs up and calls again. */
  async function participantLoop(slot: CallerSlot, plan: SteadyPlan, churned: { count: number }): Promise<void> {
    if (plan.meanHoldMs <= 0 || loadPlan === null) return;
    const rampPlan = loadPlan;
    while (windowOpen) {
      await sleep(Math.random() * 2 * plan.meanHoldMs);
      if (!windowOpen) return;
      if (slot.call !== null && slot.call.state !== 'hungup') {
        slot.leftOnPurpose = true;
        await slot.call.hangUp();
      }
      churned.count += 1;
      await callIn(slot, rampPlan);
    }
  }

  async function steady(plan: SteadyPlan): Promise<SteadyResult> {
    const loopDelay = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });
    loopDelay.enable();
    sim.resetLatency();
    joins.reset();
    inputs = 0;
    admissionFailures = 0;
    refused = 0;
    windowOpen = true;
    const churned = { count: 0 };
    const loops = slots.flatMap((slot) =>
      slot.role === 'leader' ? [leaderLoop(slot, plan)] : [participantLoop(slot, plan, churned), participantKeysLoop(slot, plan)],
    );
    await sleep(plan.windowMs);
    windowOpen = false;
    await sleep(plan.drainMs);
    loopDelay.disable();
    const latency = sim.latency();
    const result: SteadyResult = {
      kind: 'steady-done',
      latency,
      inputs,
      unanswered: Math.max(0, inputs - latency.count),
      callsChurned: churned.count,
      admissionFailures,
      refused,
      unexpectedHangups: slots.filter((slot) => slot.call !== null && unexpectedlyHungUp(slot, slot.call)).length,
      connectedAtEnd: slots.filter((slot) => slot.call?.bridgeType() != null).length,
      simLoopDelay: {
        p50: beyondResolution(loopDelay.percentile(50)),
        p99: beyondResolution(loopDelay.percentile(99)),
        max: beyondResolution(loopDelay.max),
      },
      joins: joins.read(),
    };
    // The loops end by themselves within one hold time or command interval; do not hold the answer for them.
    void Promise.allSettled(loops);
    return result;
  }

  async function probeLeaders(command: string, timeoutMs: number): Promise<ProbeResult> {
    sim.resetLatency();
    const leaders = slots.filter((slot) => slot.role === 'leader' && slot.call !== null && slot.call.state !== 'hungup');
    await Promise.all(leaders.flatMap((slot) => (slot.call ? [slot.call.press(command)] : [])));
    await sleep(timeoutMs);
    return { kind: 'probed', leaders: leaders.length, latency: sim.latency() };
  }

  async function hangUpAll(): Promise<number> {
    windowOpen = false;
    let count = 0;
    for (const slot of slots) {
      if (slot.call === null || slot.call.state === 'hungup') continue;
      slot.leftOnPurpose = true;
      await slot.call.hangUp();
      count += 1;
    }
    return count;
  }

  return { ramp, steady, probeLeaders, hangUpAll };
}

/**
 * Refused before it was answered with congestion (cause 34): the bridge
 * shedding load, which PJSIP answers with 503 and a SIP edge would try on
 * the next server.
 */
function refusedAtDoor(call: SimCaller): boolean {
  return call.state === 'hungup' && !call.wasAnswered() && call.hangupCause() === CONGESTION;
}

/** Hung up by the bridge although nobody asked for it, and not refused at the door. */
function unexpectedlyHungUp(slot: CallerSlot, call: SimCaller): boolean {
  return call.state === 'hungup' && !slot.leftOnPurpose && !refusedAtDoor(call);
}

function beyondResolution(nanoseconds: number): number {
  return Math.max(0, nanoseconds / 1e6 - LOOP_DELAY_RESOLUTION_MS);
}
