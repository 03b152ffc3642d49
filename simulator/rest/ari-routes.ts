import { AriError } from '../ari-error';
import { apiDeclaration, resourceListing } from '../api-docs/declarations';
import type { SimAsterisk } from '../sim-asterisk';
import type { PlaybackTarget } from '../sim-objects';
import { asteriskTimestamp } from '../timers';
import type { EventFilter } from '../event-filter';
import { noContent, ok, type AriRequest, type AriResult, type AriRoute } from './router';

export interface AriRouteContext {
  asterisk: SimAsterisk;
  /** Stasis apps that ever connected, for /applications. */
  knownApps(): string[];
  /** Sets an app's event filter as Asterisk does (`PUT /applications/{app}/eventFilter`); false for a malformed filter. */
  setEventFilter(app: string, filter: unknown): boolean;
  /** The app's allowed and disallowed event types, for its JSON. */
  eventFilter(app: string): EventFilter;
  asteriskId: string;
  startedAt: number;
}

/** The REST resources the simulator serves below /ari, mirroring api-docs/declarations.ts. */
export function createAriRoutes(context: AriRouteContext): AriRoute[] {
  const { asterisk } = context;
  const route = (
    method: AriRoute['method'],
    pattern: string,
    handle: (request: AriRequest) => AriResult | Promise<AriResult>,
  ): AriRoute => ({
    method,
    pattern,
    handle,
  });
  const param = (request: AriRequest, name: string): string => request.pathParams[name] ?? '';
  const play = (target: PlaybackTarget, request: AriRequest, playbackId: string | undefined): AriResult => {
    const playback = asterisk.play(target, request.params.list('media'), request.params.string('lang'), playbackId) as { id: string };
    return { status: 201, body: playback, location: `/playbacks/${playback.id}` };
  };
  const channel = (request: AriRequest) => param(request, 'channelId');
  const bridge = (request: AriRequest) => param(request, 'bridgeId');
  const recording = (request: AriRequest) => param(request, 'recordingName');

  return [
    route('GET', '/api-docs/resources.json', (request) => ok(resourceListing(request.baseUrl))),
    route('GET', '/api-docs/{resource}', (request) => {
      const name = param(request, 'resource').replace(/\.json$/, '');
      const declaration = apiDeclaration(name, request.baseUrl);
      if (!declaration) throw new AriError(404, 'Resource not found');
      return ok(declaration);
    }),

    route('GET', '/channels', () => ok(asterisk.listChannels())),
    route('GET', '/channels/{channelId}', (request) => ok(asterisk.getChannel(channel(request)))),
    route('DELETE', '/channels/{channelId}', (request) => {
      asterisk.hangup(channel(request), request.params.string('reason'), request.params.string('reason_code'));
      return noContent();
    }),
    route('POST', '/channels/{channelId}/answer', async (request) => {
      await asterisk.answer(channel(request));
      return noContent();
    }),
    route('POST', '/channels/{channelId}/ring', (request) => {
      asterisk.setRinging(channel(request), true);
      return noContent();
    }),
    route('DELETE', '/channels/{channelId}/ring', (request) => {
      asterisk.setRinging(channel(request), false);
      return noContent();
    }),
    route('POST', '/channels/{channelId}/dtmf', (request) => {
      asterisk.sendDtmf(channel(request), request.params.string('dtmf'));
      return noContent();
    }),
    route('POST', '/channels/{channelId}/mute', (request) => {
      asterisk.setMuted(channel(request), request.params.string('direction') ?? 'both', true);
      return noContent();
    }),
    route('DELETE', '/channels/{channelId}/mute', (request) => {
      asterisk.setMuted(channel(request), request.params.string('direction') ?? 'both', false);
      return noContent();
    }),
    route('POST', '/channels/{channelId}/moh', (request) => {
      asterisk.setChannelMoh(channel(request), true);
      return noContent();
    }),
    route('DELETE', '/channels/{channelId}/moh', (request) => {
      asterisk.setChannelMoh(channel(request), false);
      return noContent();
    }),
    route('POST', '/channels/{channelId}/play', (request) =>
      play({ kind: 'channel', id: channel(request) }, request, request.params.string('playbackId')),
    ),
    route('POST', '/channels/{channelId}/play/{playbackId}', (request) =>
      play({ kind: 'channel', id: channel(request) }, request, param(request, 'playbackId')),
    ),
    route('POST', '/channels/{channelId}/continue', (request) => {
      asterisk.continueInDialplan(channel(request), request.params.string('context'), request.params.string('extension'));
      return noContent();
    }),
    route('POST', '/channels/{channelId}/record', (request) => {
      const name = request.params.string('name');
      const recording = asterisk.record(channel(request), {
        name,
        format: request.params.string('format'),
        maxDurationSeconds: request.params.integer('maxDurationSeconds', 0),
        maxSilenceSeconds: request.params.integer('maxSilenceSeconds', 0),
        ifExists: request.params.string('ifExists'),
        beep: request.params.boolean('beep', false),
        terminateOn: request.params.string('terminateOn'),
      });
      return { status: 201, body: recording, location: `/recordings/live/${encodeURIComponent(name ?? '')}` };
    }),
    route('GET', '/channels/{channelId}/variable', (request) =>
      ok(asterisk.getVariable(channel(request), request.params.string('variable'))),
    ),
    route('POST', '/channels/{channelId}/variable', async (request) => {
      await asterisk.setVariable(channel(request), request.params.string('variable'), request.params.string('value') ?? '');
      return noContent();
    }),

    route('GET', '/bridges', () => ok(asterisk.listBridges())),
    route('POST', '/bridges', (request) =>
      ok(asterisk.createBridge(request.params.string('type'), request.params.string('bridgeId'), request.params.string('name'), false)),
    ),
    route('POST', '/bridges/{bridgeId}', (request) =>
      ok(asterisk.createBridge(request.params.string('type'), bridge(request), request.params.string('name'), true)),
    ),
    route('GET', '/bridges/{bridgeId}', (request) => ok(asterisk.getBridge(bridge(request)))),
    route('DELETE', '/bridges/{bridgeId}', (request) => {
      asterisk.destroyBridge(bridge(request));
      return noContent();
    }),
    route('POST', '/bridges/{bridgeId}/addChannel', async (request) => {
      await asterisk.addChannels(bridge(request), request.params.list('channel'), {
        role: request.params.string('role') ?? 'participant',
        absorbDtmf: request.params.boolean('absorbDTMF', false),
        mute: request.params.boolean('mute', false),
      });
      return noContent();
    }),
    route('POST', '/bridges/{bridgeId}/removeChannel', async (request) => {
      await asterisk.removeChannels(bridge(request), request.params.list('channel'));
      return noContent();
    }),
    route('POST', '/bridges/{bridgeId}/moh', (request) => {
      asterisk.setBridgeMoh(bridge(request), true);
      return noContent();
    }),
    route('DELETE', '/bridges/{bridgeId}/moh', (request) => {
      asterisk.setBridgeMoh(bridge(request), false);
      return noContent();
    }),
    route('POST', '/bridges/{bridgeId}/play', (request) =>
      play({ kind: 'bridge', id: bridge(request) }, request, request.params.string('playbackId')),
    ),
    route('POST', '/bridges/{bridgeId}/play/{playbackId}', (request) =>
      play({ kind: 'bridge', id: bridge(request) }, request, param(request, 'playbackId')),
    ),

    route('GET', '/playbacks/{playbackId}', (request) => ok(asterisk.getPlayback(param(request, 'playbackId')))),
    route('DELETE', '/playbacks/{playbackId}', (request) => {
      asterisk.stopPlayback(param(request, 'playbackId'));
      return noContent();
    }),

    route('GET', '/recordings/stored', () => ok(asterisk.listStoredRecordings())),
    route('GET', '/recordings/stored/{recordingName}', (request) => ok(asterisk.getStoredRecording(recording(request)))),
    route('DELETE', '/recordings/stored/{recordingName}', (request) => {
      asterisk.deleteStoredRecording(recording(request));
      return noContent();
    }),
    route('GET', '/recordings/live/{recordingName}', (request) => ok(asterisk.getLiveRecording(recording(request)))),
    route('DELETE', '/recordings/live/{recordingName}', (request) => {
      asterisk.cancelRecording(recording(request));
      return noContent();
    }),
    route('POST', '/recordings/live/{recordingName}/stop', (request) => {
      asterisk.stopRecording(recording(request));
      return noContent();
    }),

    route('GET', '/applications', () => ok(context.knownApps().map((name) => asterisk.applicationJson(name, context.eventFilter(name))))),
    route('GET', '/applications/{applicationName}', (request) => {
      const name = param(request, 'applicationName');
      if (!context.knownApps().includes(name)) throw new AriError(404, 'Application not found');
      return ok(asterisk.applicationJson(name, context.eventFilter(name)));
    }),
    route('PUT', '/applications/{applicationName}/eventFilter', (request) => {
      const name = param(request, 'applicationName');
      if (!context.knownApps().includes(name)) throw new AriError(404, 'Application not found');
      if (!context.setEventFilter(name, request.body)) throw new AriError(400, 'Invalid format definition');
      return ok(asterisk.applicationJson(name, context.eventFilter(name)));
    }),

    route('GET', '/asterisk/info', () => ok(asteriskInfo(context))),
    route('GET', '/asterisk/ping', () => ok({ asterisk_id: context.asteriskId, ping: 'pong', timestamp: asteriskTimestamp(Date.now()) })),
  ];
}

function asteriskInfo(context: AriRouteContext): object {
  const started = asteriskTimestamp(context.startedAt);
  return {
    build: { os: 'Linux', kernel: 'simulated', options: '', machine: 'x86_64', date: started, user: 'kvorum' },
    system: { version: '22.0.0-kvorum-simulator', entity_id: context.asteriskId },
    config: { name: 'kvorum-simulator', default_language: 'en', setid: { user: 'asterisk', group: 'asterisk' } },
    status: { startup_time: started, last_reload_time: started },
  };
}
