import { buildEventModels } from './event-models';
import { applicationModels, asteriskModels, bridgeModels, channelModels, playbackModels, recordingModels } from './models';
import { operation, pathParam, queryParam, type ModelMap, type SwaggerApi } from './swagger';

/**
 * The API declarations served under /ari/api-docs: a resource listing plus one
 * declaration per resource, written for the simulator from the documented ARI
 * API. They cover what Kvorum uses; ari-client builds `client.channels`,
 * `client.bridges`, ... from them at connect.
 */

const API_VERSION = '9.0.0';
const SWAGGER_VERSION = '1.2';

export type ResourceName = 'channels' | 'bridges' | 'playbacks' | 'recordings' | 'applications' | 'asterisk' | 'events';

interface ResourceDeclaration {
  description: string;
  apis: SwaggerApi[];
  models: ModelMap;
}

const channelId = pathParam('channelId', "Channel's id");
const bridgeId = pathParam('bridgeId', "Bridge's id");
const playbackIdPath = pathParam('playbackId', 'Playback ID.');
const mediaParams = [
  queryParam('media', 'string', 'Media URIs to play (comma-separated or repeated).', { required: true, allowMultiple: true }),
  queryParam('lang', 'string', 'For sounds, selects language for sound.'),
  queryParam('offsetms', 'int', 'Number of milliseconds to skip before playing.', { defaultValue: 0 }),
  queryParam('skipms', 'int', 'Number of milliseconds to skip for forward/reverse operations.', { defaultValue: 3000 }),
];
const playbackIdQuery = queryParam('playbackId', 'string', 'Playback ID.');
const direction = queryParam('direction', 'string', 'Direction in which to mute audio', {
  defaultValue: 'both',
  values: ['both', 'in', 'out'],
});
const mohClass = queryParam('mohClass', 'string', 'Music on hold class to use');
const HANGUP_REASONS = [
  'normal',
  'busy',
  'congestion',
  'no_answer',
  'timeout',
  'rejected',
  'unallocated',
  'normal_unspecified',
  'number_incomplete',
  'codec_mismatch',
  'interworking',
  'failure',
  'answered_elsewhere',
];

const channelErrors = { 404: 'Channel not found', 409: 'Channel not in a Stasis application', 412: 'Channel in invalid state' };

const channels: ResourceDeclaration = {
  description: 'Channel resources',
  models: channelModels,
  apis: [
    {
      path: '/channels',
      description: 'Active channels',
      operations: [operation('GET', 'list', 'List all active channels in Asterisk.', 'List[Channel]', [])],
    },
    {
      path: '/channels/{channelId}',
      description: 'Active channel',
      operations: [
        operation('GET', 'get', 'Channel details.', 'Channel', [channelId], { 404: 'Channel not found' }),
        operation(
          'DELETE',
          'hangup',
          'Delete (i.e. hangup) a channel.',
          'void',
          [
            channelId,
            queryParam('reason_code', 'string', 'The reason code for hanging up the channel (Q.850 cause).'),
            queryParam('reason', 'string', 'Reason for hanging up the channel', { values: HANGUP_REASONS }),
          ],
          { 400: 'Invalid reason for hangup provided', 404: 'Channel not found' },
        ),
      ],
    },
    {
      path: '/channels/{channelId}/answer',
      description: 'Answer a channel',
      operations: [operation('POST', 'answer', 'Answer a channel.', 'void', [channelId], channelErrors)],
    },
    {
      path: '/channels/{channelId}/ring',
      description: 'Send a ringing indication to a channel',
      operations: [
        operation('POST', 'ring', 'Indicate ringing to a channel.', 'void', [channelId], channelErrors),
        operation('DELETE', 'ringStop', 'Stop ringing indication on a channel if locally generated.', 'void', [channelId], channelErrors),
      ],
    },
    {
      path: '/channels/{channelId}/dtmf',
      description: 'Send DTMF to a channel',
      operations: [
        operation(
          'POST',
          'sendDTMF',
          'Send provided DTMF to a given channel.',
          'void',
          [
            channelId,
            queryParam('dtmf', 'string', 'DTMF To send.'),
            queryParam('before', 'int', 'Amount of time to wait before DTMF digits (specified in milliseconds) start.', {
              defaultValue: 0,
            }),
            queryParam('between', 'int', 'Amount of time in between DTMF digits (specified in milliseconds).', { defaultValue: 100 }),
            queryParam('duration', 'int', 'Length of each DTMF digit (specified in milliseconds).', { defaultValue: 100 }),
            queryParam('after', 'int', 'Amount of time to wait after DTMF digits (specified in milliseconds) end.', { defaultValue: 0 }),
          ],
          { 400: 'DTMF is required', ...channelErrors },
        ),
      ],
    },
    {
      path: '/channels/{channelId}/mute',
      description: 'Mute a channel',
      operations: [
        operation('POST', 'mute', 'Mute a channel.', 'void', [channelId, direction], channelErrors),
        operation('DELETE', 'unmute', 'Unmute a channel.', 'void', [channelId, direction], channelErrors),
      ],
    },
    {
      path: '/channels/{channelId}/moh',
      description: 'Play music on hold to a channel',
      operations: [
        operation('POST', 'startMoh', 'Play music on hold to a channel.', 'void', [channelId, mohClass], channelErrors),
        operation('DELETE', 'stopMoh', 'Stop playing music on hold to a channel.', 'void', [channelId], channelErrors),
      ],
    },
    {
      path: '/channels/{channelId}/play',
      description: 'Play media to a channel',
      operations: [
        operation('POST', 'play', 'Start playback of media.', 'Playback', [channelId, ...mediaParams, playbackIdQuery], channelErrors),
      ],
    },
    {
      path: '/channels/{channelId}/play/{playbackId}',
      description: 'Play media to a channel',
      operations: [
        operation(
          'POST',
          'playWithId',
          'Start playback of media and specify the playbackId.',
          'Playback',
          [channelId, playbackIdPath, ...mediaParams],
          channelErrors,
        ),
      ],
    },
    {
      path: '/channels/{channelId}/continue',
      description: 'Exit application; continue execution in the dialplan',
      operations: [
        operation(
          'POST',
          'continueInDialplan',
          'Exit application; continue execution in the dialplan.',
          'void',
          [
            channelId,
            queryParam('context', 'string', 'The context to continue to.'),
            queryParam('extension', 'string', 'The extension to continue to.'),
            queryParam('priority', 'int', 'The priority to continue to.'),
            queryParam('label', 'string', 'The label to continue to - will supersede priority, if both are provided.'),
          ],
          channelErrors,
        ),
      ],
    },
    {
      path: '/channels/{channelId}/record',
      description: 'Record audio from a channel',
      operations: [
        operation(
          'POST',
          'record',
          'Start a recording.',
          'LiveRecording',
          [
            channelId,
            queryParam('name', 'string', "Recording's filename", { required: true }),
            queryParam('format', 'string', 'Format to encode audio in', { required: true }),
            queryParam('maxDurationSeconds', 'int', 'Maximum duration of the recording, in seconds. 0 for no limit', { defaultValue: 0 }),
            queryParam('maxSilenceSeconds', 'int', 'Maximum duration of silence, in seconds. 0 for no limit', { defaultValue: 0 }),
            queryParam('ifExists', 'string', 'Action to take if a recording with the same name already exists.', {
              defaultValue: 'fail',
              values: ['fail', 'overwrite', 'append'],
            }),
            queryParam('beep', 'boolean', 'Play beep when recording begins', { defaultValue: false }),
            queryParam('terminateOn', 'string', 'DTMF input to terminate recording', {
              defaultValue: 'none',
              values: ['none', 'any', '*', '#'],
            }),
          ],
          {
            400: 'Invalid parameters',
            404: 'Channel not found',
            409: 'Channel is not in a Stasis application; a recording with the same name already exists and can not be overwritten',
            422: 'The format specified is unknown on this system',
          },
        ),
      ],
    },
    {
      path: '/channels/{channelId}/variable',
      description: 'Variables on a channel',
      operations: [
        operation(
          'GET',
          'getChannelVar',
          'Get the value of a channel variable or function.',
          'Variable',
          [channelId, queryParam('variable', 'string', 'The channel variable or function to get', { required: true })],
          { 400: 'Missing variable parameter.', 404: 'Channel or variable not found', 409: 'Channel not in a Stasis application' },
        ),
        operation(
          'POST',
          'setChannelVar',
          'Set the value of a channel variable or function.',
          'void',
          [
            channelId,
            queryParam('variable', 'string', 'The channel variable or function to set', { required: true }),
            queryParam('value', 'string', 'The value to set the variable to'),
          ],
          { 400: 'Missing variable parameter.', 404: 'Channel not found', 409: 'Channel not in a Stasis application' },
        ),
      ],
    },
  ],
};

const bridgeErrors = { 404: 'Bridge not found', 409: 'Bridge not in a Stasis application' };
const bridgeCreateParams = [
  queryParam(
    'type',
    'string',
    'Comma separated list of bridge type attributes (mixing, holding, dtmf_events, proxy_media, video_sfu, video_single).',
  ),
  queryParam('name', 'string', 'Name to give to the bridge being created.'),
];

const bridges: ResourceDeclaration = {
  description: 'Bridge resources',
  models: bridgeModels,
  apis: [
    {
      path: '/bridges',
      description: 'Active bridges',
      operations: [
        operation('GET', 'list', 'List all active bridges in Asterisk.', 'List[Bridge]', []),
        operation(
          'POST',
          'create',
          'Create a new bridge.',
          'Bridge',
          [
            bridgeCreateParams[0]!,
            queryParam('bridgeId', 'string', 'Unique ID to give to the bridge being created.'),
            bridgeCreateParams[1]!,
          ],
          { 409: 'Bridge with the same id already exists' },
        ),
      ],
    },
    {
      path: '/bridges/{bridgeId}',
      description: 'Individual bridge',
      operations: [
        operation('POST', 'createWithId', 'Create a new bridge or updates an existing one.', 'Bridge', [bridgeId, ...bridgeCreateParams], {
          409: 'Bridge with the same id already exists',
        }),
        operation('GET', 'get', 'Get bridge details.', 'Bridge', [bridgeId], { 404: 'Bridge not found' }),
        operation('DELETE', 'destroy', 'Shut down a bridge.', 'void', [bridgeId], { 404: 'Bridge not found' }),
      ],
    },
    {
      path: '/bridges/{bridgeId}/addChannel',
      description: 'Add a channel to a bridge',
      operations: [
        operation(
          'POST',
          'addChannel',
          'Add a channel to a bridge.',
          'void',
          [
            bridgeId,
            queryParam('channel', 'string', 'Ids of channels to add to bridge', { required: true, allowMultiple: true }),
            queryParam('role', 'string', "Channel's role in the bridge"),
            queryParam('absorbDTMF', 'boolean', 'Absorb DTMF coming from this channel, preventing it to pass through to the bridge', {
              defaultValue: false,
            }),
            queryParam('mute', 'boolean', 'Mute audio from this channel, preventing it to pass through to the bridge', {
              defaultValue: false,
            }),
            queryParam(
              'inhibitConnectedLineUpdates',
              'boolean',
              'Do not present the identity of the newly connected channel to other bridge members',
              { defaultValue: false },
            ),
          ],
          {
            400: 'Channel not found',
            404: 'Bridge not found',
            409: 'Bridge not in Stasis application; Channel currently recording',
            422: 'Channel not in Stasis application',
          },
        ),
      ],
    },
    {
      path: '/bridges/{bridgeId}/removeChannel',
      description: 'Remove a channel from a bridge',
      operations: [
        operation(
          'POST',
          'removeChannel',
          'Remove a channel from a bridge.',
          'void',
          [bridgeId, queryParam('channel', 'string', 'Ids of channels to remove from bridge', { required: true, allowMultiple: true })],
          { 400: 'Channel not found', 404: 'Bridge not found', 409: 'Bridge not in Stasis application', 422: 'Channel not in this bridge' },
        ),
      ],
    },
    {
      path: '/bridges/{bridgeId}/moh',
      description: 'Play music on hold to a bridge',
      operations: [
        operation(
          'POST',
          'startMoh',
          'Play music on hold to a bridge or change the MOH class that is playing.',
          'void',
          [bridgeId, mohClass],
          bridgeErrors,
        ),
        operation('DELETE', 'stopMoh', 'Stop playing music on hold to a bridge.', 'void', [bridgeId], bridgeErrors),
      ],
    },
    {
      path: '/bridges/{bridgeId}/play',
      description: 'Play media to the participants of a bridge',
      operations: [
        operation(
          'POST',
          'play',
          'Start playback of media on a bridge.',
          'Playback',
          [bridgeId, ...mediaParams, playbackIdQuery],
          bridgeErrors,
        ),
      ],
    },
    {
      path: '/bridges/{bridgeId}/play/{playbackId}',
      description: 'Play media to the participants of a bridge',
      operations: [
        operation(
          'POST',
          'playWithId',
          'Start playback of media on a bridge and specify the playbackId.',
          'Playback',
          [bridgeId, playbackIdPath, ...mediaParams],
          bridgeErrors,
        ),
      ],
    },
  ],
};

const playbacks: ResourceDeclaration = {
  description: 'Playback control resources',
  models: playbackModels,
  apis: [
    {
      path: '/playbacks/{playbackId}',
      description: 'Control object for a playback operation.',
      operations: [
        operation('GET', 'get', "Get a playback's details.", 'Playback', [playbackIdPath], { 404: 'The playback cannot be found' }),
        operation('DELETE', 'stop', 'Stop a playback.', 'void', [playbackIdPath], { 404: 'The playback cannot be found' }),
      ],
    },
  ],
};

const recordingName = pathParam('recordingName', 'The name of the recording');
const recordingNotFound = { 404: 'Recording not found' };

const recordings: ResourceDeclaration = {
  description: 'Recording resources',
  models: recordingModels,
  apis: [
    {
      path: '/recordings/stored',
      description: 'Recordings',
      operations: [operation('GET', 'listStored', 'List recordings that are complete.', 'List[StoredRecording]', [])],
    },
    {
      path: '/recordings/stored/{recordingName}',
      description: 'Individual recording',
      operations: [
        operation('GET', 'getStored', "Get a stored recording's details.", 'StoredRecording', [recordingName], recordingNotFound),
        operation('DELETE', 'deleteStored', 'Delete a stored recording.', 'void', [recordingName], recordingNotFound),
      ],
    },
    {
      path: '/recordings/live/{recordingName}',
      description: 'A recording that is in progress',
      operations: [
        operation('GET', 'getLive', 'List live recordings.', 'LiveRecording', [recordingName], recordingNotFound),
        operation('DELETE', 'cancel', 'Stop a live recording and discard it.', 'void', [recordingName], recordingNotFound),
      ],
    },
    {
      path: '/recordings/live/{recordingName}/stop',
      description: 'Stop a live recording and store it',
      operations: [operation('POST', 'stop', 'Stop a live recording and store it.', 'void', [recordingName], recordingNotFound)],
    },
  ],
};

const applications: ResourceDeclaration = {
  description: 'Stasis application resources',
  models: applicationModels,
  apis: [
    {
      path: '/applications',
      description: 'Stasis applications',
      operations: [operation('GET', 'list', 'List all applications.', 'List[Application]', [])],
    },
    {
      path: '/applications/{applicationName}',
      description: 'Stasis application',
      operations: [
        operation('GET', 'get', 'Get details of an application.', 'Application', [pathParam('applicationName', "Application's name")], {
          404: 'Application does not exist.',
        }),
      ],
    },
    {
      path: '/applications/{applicationName}/eventFilter',
      description: 'Stasis application',
      operations: [
        operation(
          'PUT',
          'filter',
          'Filter application events types.',
          'Application',
          [
            pathParam('applicationName', "Application's name"),
            {
              name: 'filter',
              description: 'Specify which event types to allow/disallow',
              paramType: 'body',
              required: false,
              allowMultiple: false,
              dataType: 'object',
            },
          ],
          { 400: 'Bad request.', 404: 'Application does not exist.' },
        ),
      ],
    },
  ],
};

const asterisk: ResourceDeclaration = {
  description: 'Asterisk resources',
  models: asteriskModels,
  apis: [
    {
      path: '/asterisk/info',
      description: 'Asterisk system information (similar to core show settings)',
      operations: [
        operation('GET', 'getInfo', 'Gets Asterisk system information.', 'AsteriskInfo', [
          queryParam('only', 'string', 'Filter information returned', {
            allowMultiple: true,
            values: ['build', 'system', 'config', 'status'],
          }),
        ]),
      ],
    },
    {
      path: '/asterisk/ping',
      description: 'Asterisk ping',
      operations: [operation('GET', 'ping', 'Response pong message.', 'AsteriskPing', [])],
    },
  ],
};

const events: ResourceDeclaration = {
  description: 'WebSocket resource',
  models: buildEventModels(),
  apis: [
    {
      path: '/events',
      description: 'Events from Asterisk to applications',
      operations: [
        {
          ...operation('GET', 'eventWebsocket', 'WebSocket connection for events.', 'Message', [
            queryParam('app', 'string', 'Applications to subscribe to.', { required: true, allowMultiple: true }),
            queryParam('subscribeAll', 'boolean', 'Subscribe to all Asterisk events.'),
          ]),
          upgrade: 'websocket',
          websocketProtocol: 'ari',
        },
      ],
    },
  ],
};

const RESOURCES: Record<ResourceName, ResourceDeclaration> = { channels, bridges, playbacks, recordings, applications, asterisk, events };

/** The body of /ari/api-docs/resources.json; `baseUrl` is 'http://host:port' as the client addressed us. */
export function resourceListing(baseUrl: string): object {
  return {
    apiVersion: API_VERSION,
    swaggerVersion: SWAGGER_VERSION,
    basePath: `${baseUrl}/ari`,
    apis: (Object.keys(RESOURCES) as ResourceName[]).map((name) => ({
      path: `/api-docs/${name}.{format}`,
      description: RESOURCES[name].description,
    })),
  };
}

/** The body of /ari/api-docs/{name}.json, or undefined for a resource we do not declare. */
export function apiDeclaration(name: string, baseUrl: string): object | undefined {
  if (!Object.hasOwn(RESOURCES, name)) return undefined;
  const resource = RESOURCES[name as ResourceName];
  return {
    apiVersion: API_VERSION,
    swaggerVersion: SWAGGER_VERSION,
    basePath: `${baseUrl}/ari`,
    resourcePath: `/api-docs/${name}.{format}`,
    produces: ['application/json'],
    consumes: ['application/json'],
    apis: resource.apis,
    models: resource.models,
  };
}
