import { model, optionalProp, prop, type ModelMap } from './swagger';

/**
 * The resource models (Channel, Bridge, Playback, ...) as our declarations
 * describe them. Only the shapes Kvorum meets are declared.
 */

const CHANNEL_STATES = ['Down', 'Rsrvd', 'OffHook', 'Dialing', 'Ring', 'Ringing', 'Up', 'Busy', 'Dialing Offhook', 'Pre-ring', 'Unknown'];

export const channelModels: ModelMap = {
  CallerID: model('CallerID', 'Caller identification', {
    name: prop('string', 'Caller name'),
    number: prop('string', 'Caller number'),
  }),
  DialplanCEP: model('DialplanCEP', 'Dialplan location (context/extension/priority)', {
    context: prop('string', 'Context in the dialplan'),
    exten: prop('string', 'Extension in the dialplan'),
    priority: prop('long', 'Priority in the dialplan'),
    app_name: prop('string', 'Name of current dialplan application'),
    app_data: prop('string', 'Parameter of current dialplan application'),
  }),
  Channel: model('Channel', 'A specific communication connection between Asterisk and an endpoint', {
    id: prop('string', 'Unique identifier of the channel'),
    protocol_id: prop('string', 'Protocol id from underlying channel driver'),
    name: prop('string', 'Name of the channel (i.e. SIP/foo-0000a7e3)'),
    state: { ...prop('string', 'Channel state'), allowableValues: { valueType: 'LIST', values: CHANNEL_STATES } },
    caller: prop('CallerID', 'Caller identification'),
    connected: prop('CallerID', 'Connected party identification'),
    accountcode: prop('string', 'Account code'),
    dialplan: prop('DialplanCEP', 'Current location in the dialplan'),
    creationtime: prop('Date', 'Timestamp when channel was created'),
    language: prop('string', 'The default spoken language'),
    channelvars: optionalProp('object', 'Channel variables'),
  }),
  Variable: model('Variable', 'The value of a channel variable', {
    value: prop('string', 'The value of the variable requested'),
  }),
};

export const bridgeModels: ModelMap = {
  Bridge: model('Bridge', 'The merging of media from one or more channels', {
    id: prop('string', 'Unique identifier for this bridge'),
    technology: prop('string', 'Name of the current bridging technology'),
    bridge_type: {
      ...prop('string', 'Type of bridge technology'),
      allowableValues: { valueType: 'LIST', values: ['mixing', 'holding'] },
    },
    bridge_class: prop('string', 'Bridging class'),
    creator: prop('string', 'Entity that created the bridge'),
    name: prop('string', 'Name the creator gave the bridge'),
    channels: prop('List[string]', 'Ids of channels participating in this bridge'),
    video_mode: optionalProp('string', 'The video mode the bridge is using'),
    video_source_id: optionalProp('string', 'The channel supplying video in single mode'),
    creationtime: prop('Date', 'Timestamp when bridge was created'),
  }),
};

export const playbackModels: ModelMap = {
  Playback: model('Playback', 'Object representing the playback of media to a channel', {
    id: prop('string', 'ID for this playback operation'),
    media_uri: prop('string', 'The URI for the media currently being played back'),
    next_media_uri: optionalProp('string', 'If a list of URIs is being played, the next media URI to be played back'),
    target_uri: prop('string', 'URI for the channel or bridge to play the media on'),
    language: optionalProp('string', 'For media types that support multiple languages, the language requested'),
    state: {
      ...prop('string', 'Current state of the playback operation'),
      allowableValues: { valueType: 'LIST', values: ['queued', 'playing', 'continuing', 'done', 'failed'] },
    },
  }),
};

export const recordingModels: ModelMap = {
  StoredRecording: model('StoredRecording', 'A past recording that may be played back.', {
    name: prop('string', 'Its name, relative to the recordings directory'),
    format: prop('string', 'Its format (file extension)'),
  }),
  LiveRecording: model('LiveRecording', 'A recording that is in progress', {
    name: prop('string', 'Base name for the recording'),
    format: prop('string', 'Recording format (wav, gsm, etc.)'),
    target_uri: prop('string', 'URI for the channel or bridge being recorded'),
    state: {
      ...prop('string', 'Current state of the recording'),
      allowableValues: { valueType: 'LIST', values: ['queued', 'recording', 'paused', 'done', 'failed', 'canceled'] },
    },
    duration: optionalProp('int', 'Duration in seconds of the recording'),
    cause: optionalProp('string', 'Cause for recording failure if failed'),
  }),
};

export const applicationModels: ModelMap = {
  Application: model('Application', 'Details of a Stasis application', {
    name: prop('string', 'Name of this application'),
    channel_ids: prop('List[string]', "Id's for channels subscribed to"),
    bridge_ids: prop('List[string]', "Id's for bridges subscribed to"),
    endpoint_ids: prop('List[string]', '{tech}/{resource} for endpoints subscribed to'),
    device_names: prop('List[string]', 'Names of the devices subscribed to'),
    events_allowed: prop('List[object]', 'Event types sent to the application'),
    events_disallowed: prop('List[object]', 'Event types not sent to the application'),
  }),
};

export const asteriskModels: ModelMap = {
  BuildInfo: model('BuildInfo', 'Info about how Asterisk was built', {
    os: prop('string', 'OS Asterisk was built on'),
    kernel: prop('string', 'Kernel version Asterisk was built on'),
    options: prop('string', 'Compile time options'),
    machine: prop('string', 'Machine architecture'),
    date: prop('string', 'Date and time when Asterisk was built'),
    user: prop('string', 'Username that built Asterisk'),
  }),
  SystemInfo: model('SystemInfo', 'Info about Asterisk', {
    version: prop('string', 'Asterisk version'),
    entity_id: prop('string', 'Entity id'),
  }),
  SetId: model('SetId', 'Effective user/group id', {
    user: prop('string', 'Effective user id'),
    group: prop('string', 'Effective group id'),
  }),
  ConfigInfo: model('ConfigInfo', 'Info about Asterisk configuration', {
    name: prop('string', 'Asterisk system name'),
    default_language: prop('string', 'Default language for media playback'),
    max_channels: optionalProp('int', 'Maximum number of simultaneous channels'),
    setid: prop('SetId', 'Effective user/group id for running Asterisk'),
  }),
  StatusInfo: model('StatusInfo', 'Info about Asterisk status', {
    startup_time: prop('Date', 'Time when Asterisk was started'),
    last_reload_time: prop('Date', 'Time when Asterisk was last reloaded'),
  }),
  AsteriskInfo: model('AsteriskInfo', 'Asterisk system information', {
    build: optionalProp('BuildInfo', 'Info about how Asterisk was built'),
    system: optionalProp('SystemInfo', 'Info about the system running Asterisk'),
    config: optionalProp('ConfigInfo', 'Info about Asterisk configuration'),
    status: optionalProp('StatusInfo', 'Info about Asterisk status'),
  }),
  AsteriskPing: model('AsteriskPing', 'Asterisk ping information', {
    asterisk_id: prop('string', 'Asterisk id info'),
    ping: prop('string', 'Always string value is pong'),
    timestamp: prop('string', 'The timestamp string of request received time'),
  }),
};
