import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { AriError } from './ari-error';
import { assertNever } from './assert-never';
import type { EventSockets } from './event-sockets';
import type { RequestFaultRules } from './faults';
import { readJsonBody, type BodyProblem } from './json-body';
import { preciseNow, type LatencyRecorder } from './latency';
import { concernedChannelIds, namedChannelIds } from './request-subjects';
import { AriParams } from './rest/params';
import { lookupRoute, type AriResult, type AriRoute } from './rest/router';
import type { SimAsterisk } from './sim-asterisk';
import type { SimTimers } from './timers';
import type { SimRequestNotice } from './types';

export interface AriHttpDeps {
  username: string;
  password: string;
  routes: AriRoute[];
  asterisk: SimAsterisk;
  sockets: EventSockets;
  faults: RequestFaultRules;
  latency: LatencyRecorder;
  timers: SimTimers;
  notify(notice: SimRequestNotice): void;
}

const MAX_BODY_BYTES = 1_000_000;

/**
 * One ARI REST request: notice it, authenticate (Basic or api_key), apply
 * faults, then serve it with Asterisk's status codes and `{"message": ...}`
 * error bodies.
 */
export async function handleAriRequest(deps: AriHttpDeps, request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
  const method = request.method ?? 'GET';
  const pathWithQuery = url.pathname + url.search;
  const at = preciseNow();
  deps.notify({ method, path: pathWithQuery, at });

  if (!isAuthorized(deps, request, url)) {
    sendJson(response, 401, { message: 'Authentication required' }, { 'WWW-Authenticate': 'Basic realm="Asterisk REST Interface"' });
    return;
  }
  const faults = deps.faults.take(method, pathWithQuery);
  if (faults.hang) return; // never answered and never acted on; close() destroys the socket

  try {
    const body = await readJsonBody(request, refuseBody, MAX_BODY_BYTES);
    const params = AriParams.from(url.searchParams, body);
    const segments = url.pathname
      .slice('/ari'.length)
      .split('/')
      .filter((segment) => segment !== '');
    deps.latency.requestArrived(concernedChannelIds(segments, params, deps.asterisk), at);
    if (faults.delayMs > 0) await deps.timers.sleepReal(faults.delayMs);
    if (faults.gone) hangUpNamedChannels(deps.asterisk, namedChannelIds(segments, params));

    const found = lookupRoute(deps.routes, method, url.pathname.slice('/ari'.length));
    switch (found.kind) {
      case 'not-found':
        throw new AriError(404, 'Resource not found');
      case 'wrong-method':
        throw new AriError(405, 'Method Not Allowed');
      case 'found':
        sendResult(response, await found.route.handle({ pathParams: found.pathParams, params, body, baseUrl: baseUrlOf(request) }));
        break;
      default:
        assertNever(found);
    }
  } catch (error) {
    if (error instanceof AriError) sendJson(response, error.status, { message: error.message });
    else sendJson(response, 500, { message: error instanceof Error ? error.message : 'Internal Server Error' });
  }
}

/** WebSocket upgrade on /ari/events?app=...&api_key=user:password. */
export function handleEventsUpgrade(deps: AriHttpDeps, request: IncomingMessage, socket: Duplex, head: Buffer, url: URL): void {
  if (url.pathname !== '/ari/events') return rejectUpgrade(socket, 404, 'Not Found');
  if (!isAuthorized(deps, request, url)) return rejectUpgrade(socket, 401, 'Unauthorized');
  const apps = AriParams.from(url.searchParams, undefined).list('app');
  if (apps.length === 0) return rejectUpgrade(socket, 400, 'Bad Request');
  deps.sockets.accept(request, socket, head, apps);
}

function hangUpNamedChannels(asterisk: SimAsterisk, channelIds: string[]): void {
  for (const channelId of channelIds) {
    const channel = asterisk.findChannel(channelId);
    if (channel) asterisk.callerHungUp(channel);
  }
}

function isAuthorized(deps: AriHttpDeps, request: IncomingMessage, url: URL): boolean {
  const expected = `${deps.username}:${deps.password}`;
  const header = request.headers.authorization;
  if (header?.startsWith('Basic ')) {
    return Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8') === expected;
  }
  return url.searchParams.get('api_key') === expected;
}

function refuseBody(problem: BodyProblem): AriError {
  return new AriError(400, problem === 'too-large' ? 'Request body too large' : 'Invalid JSON in request body');
}

function baseUrlOf(request: IncomingMessage): string {
  return `http://${request.headers.host ?? '127.0.0.1'}`;
}

function sendResult(response: ServerResponse, result: AriResult): void {
  switch (result.status) {
    case 200:
      return sendJson(response, 200, result.body);
    case 201:
      return sendJson(response, 201, result.body, { Location: result.location });
    case 204:
      response.writeHead(204).end();
      return;
    default:
      assertNever(result);
  }
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

function rejectUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
