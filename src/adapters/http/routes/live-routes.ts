import type { AdminServices } from '../../../app/admin/admin-services';
import type { LiveCommand } from '../../../domain/conference/conference-state';
import { presentLiveConference } from '../presenters';
import { conferenceParams, listenModeBody, lobbyParams, lockBody, muteBody, participantParams } from '../request-schemas';
import { listOf, liveConferenceResponse } from '../response-schemas';
import { defineRoute, type Reply, type Route } from '../route';
import { liveEventStream, type LiveEventTiming } from '../live-event-stream';
import type { Principal } from '../../../app/admin/roles';
import { CONFERENCE_MANAGERS } from './role-sets';

export function liveRoutes(services: AdminServices, liveEvents: LiveEventTiming): Route[] {
  const tag = 'live control';
  const afterCommand = { status: 200, description: 'the live conference afterwards', schema: liveConferenceResponse.nullable() } as const;

  async function command(principal: Principal, conferenceId: string, liveCommand: LiveCommand): Promise<Reply> {
    const view = await services.live.command(principal, conferenceId, liveCommand);
    return { status: 200, json: view && presentLiveConference(view) };
  }

  return [
    defineRoute({
      method: 'get',
      path: '/live',
      tag,
      summary: 'List the live conferences the caller can see, with their participants',
      roles: CONFERENCE_MANAGERS,
      response: { status: 200, description: 'live conferences', schema: listOf('conferences', liveConferenceResponse) },
      handle: async ({ principal }) => ({
        status: 200,
        json: { conferences: (await services.live.list(principal)).map(presentLiveConference) },
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/live/events',
      tag,
      summary: 'The live conferences the caller can see, pushed as Server-Sent Events whenever they change',
      description:
        'A `text/event-stream` (read it with a browser `EventSource`, cookies or bearer token as for any route). Each ' +
        '`live` event carries the same JSON as `GET /live`: first at once, then after every change to a visible ' +
        'conference (a caller came or left, was muted, raised or lowered a hand, waits in or left the lobby; the ' +
        'meeting was locked, put in listen mode, started or ended), within a second, several changes close ' +
        `together in one event (at most one every ${liveEvents.coalesceMs} ms). Another organisation's meetings are never sent. ` +
        `A comment line \`: heartbeat\` comes every ${liveEvents.heartbeatMs / 1000} s. The server ends the stream after ` +
        `${liveEvents.lifetimeMs / 60_000} minutes and the client opens it again (\`retry\` is sent), authenticated afresh.`,
      roles: CONFERENCE_MANAGERS,
      response: {
        status: 200,
        description: 'the stream: `event: live` with `data: {"conferences":[…]}` as GET /live answers',
        otherContentTypes: ['text/event-stream'],
      },
      handle: async ({ principal }) => {
        const snapshot = async () => ({ conferences: (await services.live.list(principal)).map(presentLiveConference) });
        return {
          status: 200,
          contentType: 'text/event-stream',
          // A proxy (nginx) must pass each event on at once rather than buffer the stream.
          headers: { 'X-Accel-Buffering': 'no' },
          body: liveEventStream(await snapshot(), snapshot, (changed) => services.live.watch(principal, changed), liveEvents),
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/conferences/:conferenceId/live',
      tag,
      summary: 'The live meeting of a conference and its participants (409 when none)',
      roles: CONFERENCE_MANAGERS,
      params: conferenceParams,
      response: { status: 200, description: 'the live conference', schema: liveConferenceResponse },
      handle: async ({ principal, params }) => ({
        status: 200,
        json: presentLiveConference(await services.live.get(principal, params.conferenceId)),
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/conferences/:conferenceId/live/participants/:legId/mute',
      tag,
      summary: 'Mute or unmute one participant',
      roles: CONFERENCE_MANAGERS,
      params: participantParams,
      body: muteBody,
      response: afterCommand,
      handle: async ({ principal, params, body }) =>
        command(principal, params.conferenceId, { kind: 'mute', legId: params.legId, muted: body.muted }),
    }),
    defineRoute({
      method: 'delete',
      path: '/conferences/:conferenceId/live/participants/:legId',
      tag,
      summary: 'Remove one participant from the meeting',
      roles: CONFERENCE_MANAGERS,
      params: participantParams,
      response: afterCommand,
      handle: async ({ principal, params }) => command(principal, params.conferenceId, { kind: 'remove', legId: params.legId }),
    }),
    defineRoute({
      method: 'post',
      path: '/conferences/:conferenceId/live/listen-mode',
      tag,
      summary: 'Mute all participants (listen mode) or lift it',
      roles: CONFERENCE_MANAGERS,
      params: conferenceParams,
      body: listenModeBody,
      response: afterCommand,
      handle: async ({ principal, params, body }) => command(principal, params.conferenceId, { kind: 'listen-mode', on: body.on }),
    }),
    defineRoute({
      method: 'post',
      path: '/conferences/:conferenceId/live/lock',
      tag,
      summary: 'Lock or unlock the meeting to new callers',
      roles: CONFERENCE_MANAGERS,
      params: conferenceParams,
      body: lockBody,
      response: afterCommand,
      handle: async ({ principal, params, body }) => command(principal, params.conferenceId, { kind: 'lock', locked: body.locked }),
    }),
    defineRoute({
      method: 'post',
      path: '/conferences/:conferenceId/live/lobby/:legId/admit',
      tag,
      summary:
        'Let a caller in from the lobby: the one with this leg, or `next` (the first waiting); 409 when nobody (or not that one) waits',
      roles: CONFERENCE_MANAGERS,
      params: lobbyParams,
      response: afterCommand,
      handle: async ({ principal, params }) => command(principal, params.conferenceId, { kind: 'admit', legId: params.legId }),
    }),
    defineRoute({
      method: 'post',
      path: '/conferences/:conferenceId/live/lobby/:legId/refuse',
      tag,
      summary: 'Turn a caller in the lobby away (a polite refusal, then the hang-up): the one with this leg, or `next`',
      roles: CONFERENCE_MANAGERS,
      params: lobbyParams,
      response: afterCommand,
      handle: async ({ principal, params }) => command(principal, params.conferenceId, { kind: 'refuse', legId: params.legId }),
    }),
    defineRoute({
      method: 'post',
      path: '/conferences/:conferenceId/live/participants/disconnect',
      tag,
      summary: 'Disconnect every participant; the leaders stay and the meeting goes on (unlike end)',
      roles: CONFERENCE_MANAGERS,
      params: conferenceParams,
      response: afterCommand,
      handle: async ({ principal, params }) => command(principal, params.conferenceId, { kind: 'disconnect-participants' }),
    }),
    defineRoute({
      method: 'post',
      path: '/conferences/:conferenceId/live/end',
      tag,
      summary: 'End the meeting for everyone',
      roles: CONFERENCE_MANAGERS,
      params: conferenceParams,
      response: afterCommand,
      handle: async ({ principal, params }) => command(principal, params.conferenceId, { kind: 'end', reason: 'ended-by-admin' }),
    }),
  ];
}
