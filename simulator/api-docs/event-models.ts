import { model, optionalProp, prop, type ModelMap, type SwaggerModelProperty } from './swagger';

/**
 * Every event type the simulator sends, with its own properties. ari-client
 * looks each received event's `type` up in these models: a type missing here
 * makes it throw inside the WebSocket message handler, so the list is the
 * single source of truth for what may be sent (see `AriEventType`).
 */
const eventProperties = {
  StasisStart: {
    args: prop('List[string]', 'Arguments to the application'),
    channel: prop('Channel', 'The channel that entered the application'),
    replace_channel: optionalProp('Channel', 'The channel this one replaces'),
  },
  StasisEnd: {
    channel: prop('Channel', 'The channel that left the application'),
  },
  ChannelStateChange: {
    channel: prop('Channel', 'The channel whose state changed'),
  },
  ChannelDtmfReceived: {
    digit: prop('string', 'DTMF digit received (0-9, A-E, # or *)'),
    duration_ms: prop('int', 'Number of milliseconds DTMF was received'),
    channel: prop('Channel', 'The channel on which DTMF was received'),
  },
  ChannelHangupRequest: {
    cause: optionalProp('int', 'Integer representation of the cause of the hangup'),
    soft: optionalProp('boolean', 'Whether the hangup request was a soft hangup request'),
    channel: prop('Channel', 'The channel on which the hangup was requested'),
  },
  ChannelDestroyed: {
    cause: prop('int', 'Integer representation of the cause of the hangup'),
    cause_txt: prop('string', 'Text representation of the cause of the hangup'),
    channel: prop('Channel', 'The channel that was destroyed'),
  },
  ChannelVarset: {
    variable: prop('string', 'The variable that changed'),
    value: prop('string', 'The new value of the variable'),
    channel: optionalProp('Channel', 'The channel; absent for global variables'),
  },
  ChannelEnteredBridge: {
    bridge: prop('Bridge', 'The bridge'),
    channel: optionalProp('Channel', 'The channel that entered'),
  },
  ChannelLeftBridge: {
    bridge: prop('Bridge', 'The bridge'),
    channel: prop('Channel', 'The channel that left'),
  },
  BridgeCreated: {
    bridge: prop('Bridge', 'The bridge that was created'),
  },
  BridgeDestroyed: {
    bridge: prop('Bridge', 'The bridge that was destroyed'),
  },
  PlaybackStarted: {
    playback: prop('Playback', 'Playback control object'),
  },
  PlaybackContinuing: {
    playback: prop('Playback', 'Playback control object'),
  },
  PlaybackFinished: {
    playback: prop('Playback', 'Playback control object'),
  },
  RecordingStarted: {
    recording: prop('LiveRecording', 'Recording control object'),
  },
  RecordingFinished: {
    recording: prop('LiveRecording', 'Recording control object'),
  },
  RecordingFailed: {
    recording: prop('LiveRecording', 'Recording control object'),
  },
  ApplicationReplaced: {},
} satisfies Record<string, Record<string, SwaggerModelProperty>>;

export type AriEventType = keyof typeof eventProperties;

const DESCRIPTIONS: Record<AriEventType, string> = {
  StasisStart: 'Notification that a channel has entered a Stasis application',
  StasisEnd: 'Notification that a channel has left a Stasis application',
  ChannelStateChange: "Notification of a channel's state change",
  ChannelDtmfReceived: 'DTMF received on a channel; sent at the end of the digit',
  ChannelHangupRequest: 'A hangup was requested on the channel',
  ChannelDestroyed: 'Notification that a channel has been destroyed',
  ChannelVarset: 'Channel variable changed',
  ChannelEnteredBridge: 'Notification that a channel has entered a bridge',
  ChannelLeftBridge: 'Notification that a channel has left a bridge',
  BridgeCreated: 'Notification that a bridge has been created',
  BridgeDestroyed: 'Notification that a bridge has been destroyed',
  PlaybackStarted: 'Event showing the start of a media playback operation',
  PlaybackContinuing: 'Event showing the continuation of a media playback operation from one media URI to the next in the list',
  PlaybackFinished: 'Event showing the completion of a media playback operation',
  RecordingStarted: 'Event showing the start of a recording operation.',
  RecordingFinished: 'Event showing the completion of a recording operation.',
  RecordingFailed: 'Event showing failure of a recording operation.',
  ApplicationReplaced: 'Notification that another WebSocket has taken over for an application; this one receives no more events',
};

const declaredEventTypes = Object.keys(eventProperties) as AriEventType[];

export function buildEventModels(): ModelMap {
  const models: ModelMap = {
    Message: {
      ...model('Message', 'Base type for errors and events', {
        type: prop('string', 'Indicates the type of this message'),
        asterisk_id: optionalProp('string', 'The unique ID for the Asterisk instance that raised this event'),
      }),
      discriminator: 'type',
      subTypes: ['Event'],
    },
    Event: {
      ...model('Event', 'Base type for asynchronous events from Asterisk', {
        application: prop('string', 'Name of the application receiving the event'),
        timestamp: prop('Date', 'Time at which this event was created'),
      }),
      extends: 'Message',
      subTypes: [...declaredEventTypes],
    },
  };
  for (const type of declaredEventTypes) {
    models[type] = { ...model(type, DESCRIPTIONS[type], eventProperties[type]), extends: 'Event' };
  }
  return models;
}
