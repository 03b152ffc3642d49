import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { sendJson } from './ari-http';
import { readJsonBody } from './json-body';
import type { RequestMatch, SimCaller, Simulator } from './types';

/**
 * The simulator's HTTP control API under /sim, for scripted callers in demos
 * and benchmarks that run in another process. JSON in, JSON out.
 */

const DialBody = z.object({
  accessNumber: z.string().min(1),
  callerId: z.string().nullable().optional(),
  app: z.string().min(1).optional(),
});
const DtmfBody = z.object({ digits: z.string().regex(/^[0-9A-D*#]+$/), gapMs: z.number().nonnegative().optional() });
const MatchBody = z.object({ method: z.string().optional(), path: z.string().optional() });
const DurationBody = z.object({ ms: z.number().nonnegative() });
const DelayBody = MatchBody.extend({ ms: z.number().nonnegative(), count: z.number().int().positive().optional() });
const HangBody = MatchBody.extend({ count: z.number().int().positive().optional() });
const UnknownEventBody = z.object({ app: z.string().optional() });

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function handleControlRequest(sim: Simulator, request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
  try {
    const body = await readJsonBody(request, () => new ControlError(400, 'body is not JSON'));
    const result = await route(
      sim,
      request.method ?? 'GET',
      url.pathname
        .split('/')
        .filter((s) => s !== '')
        .slice(1),
      body,
    );
    if (result === undefined) response.writeHead(204).end();
    else sendJson(response, result.status, result.body);
  } catch (error) {
    if (error instanceof ControlError) sendJson(response, error.status, { message: error.message });
    else if (error instanceof z.ZodError) sendJson(response, 400, { message: z.prettifyError(error) });
    else sendJson(response, 500, { message: error instanceof Error ? error.message : 'internal error' });
  }
}

type ControlResult = { status: number; body: unknown } | undefined;

async function route(sim: Simulator, method: string, segments: string[], body: unknown): Promise<ControlResult> {
  const [resource, id, action] = segments;
  const is = (m: string, length: number) => method === m && segments.length === length;

  if (resource === 'calls') {
    if (is('GET', 1)) return { status: 200, body: sim.callers().map(callSummary) };
    if (is('POST', 1)) {
      const dial = DialBody.parse(body);
      const caller = sim.dial(dial.accessNumber, { callerId: dial.callerId ?? null, ...(dial.app ? { app: dial.app } : {}) });
      return { status: 201, body: { channelId: caller.channelId } };
    }
    const caller = findCaller(sim, id);
    if (is('GET', 2)) return { status: 200, body: callSummary(caller) };
    if (is('DELETE', 2)) return void (await caller.hangUp());
    if (is('POST', 3) && action === 'dtmf') {
      const dtmf = DtmfBody.parse(body);
      return void (await caller.press(dtmf.digits, dtmf.gapMs === undefined ? {} : { gapMs: dtmf.gapMs }));
    }
    if (is('GET', 4) && action === 'hears') {
      return { status: 200, body: { hears: sim.canHear(caller, findCaller(sim, segments[3])) } };
    }
  }
  if (resource === 'bridges' && is('GET', 1)) return { status: 200, body: sim.bridges() };
  if (resource === 'apps' && is('GET', 1)) return { status: 200, body: sim.connectedApps() };
  if (resource === 'latency') {
    if (is('GET', 1)) return { status: 200, body: sim.latency() };
    if (is('POST', 2) && id === 'reset') return void sim.resetLatency();
  }
  if (resource === 'faults' && method === 'POST' && segments.length === 2) return void applyFault(sim, id ?? '', body);
  throw new ControlError(404, `no such control endpoint: ${method} /sim/${segments.join('/')}`);
}

function applyFault(sim: Simulator, name: string, body: unknown): void {
  const faults = sim.faults;
  switch (name) {
    case 'drop-websockets':
      return faults.dropWebSockets();
    case 'refuse-connections':
      return faults.refuseConnections(DurationBody.parse(body).ms);
    case 'restart':
      return faults.restart(DurationBody.parse(body).ms);
    case 'delay-requests': {
      const parsed = DelayBody.parse(body);
      return faults.delayRequests(toMatch(parsed), parsed.ms, parsed.count);
    }
    case 'hang-requests': {
      const parsed = HangBody.parse(body);
      return faults.hangRequests(toMatch(parsed), parsed.count);
    }
    case 'gone-on-next':
      return faults.goneOnNext(toMatch(MatchBody.parse(body)));
    case 'unknown-event':
      return faults.sendUnknownEvent(UnknownEventBody.parse(body ?? {}).app);
    case 'clear':
      return faults.clear();
    default:
      throw new ControlError(404, `no such fault: ${name}`);
  }
}

function toMatch(body: z.infer<typeof MatchBody>): RequestMatch {
  const match: RequestMatch = {};
  if (body.method !== undefined) match.method = body.method;
  if (body.path !== undefined) match.path = new RegExp(body.path);
  return match;
}

function findCaller(sim: Simulator, channelId: string | undefined): SimCaller {
  const caller = channelId === undefined ? undefined : sim.caller(channelId);
  if (!caller) throw new ControlError(404, 'Call not found');
  return caller;
}

function callSummary(caller: SimCaller): object {
  return {
    channelId: caller.channelId,
    callerId: caller.callerId,
    accessNumber: caller.accessNumber,
    state: caller.state,
    hangupCause: caller.hangupCause(),
    answered: caller.wasAnswered(),
    ringing: caller.isRinging(),
    heard: caller.heard(),
    keysReceived: caller.keysReceived(),
    recordings: caller.recordings(),
    bridgeId: caller.bridgeId(),
    bridgeType: caller.bridgeType(),
    muted: caller.isMuted(),
    moh: caller.hasMusicOnHold(),
  };
}
