/**
 * The ARI simulator: a fake Asterisk 22 that the unmodified ari-client drives
 * over HTTP and WebSocket. See README.md in this folder.
 */
export { startSimulator, startSimulatorCluster } from './simulator';
export { defaultMediaDurationMs } from './media-durations';
export { preciseNow, summarise } from './latency';
export { UNDECLARED_EVENT_TYPE } from './event-sockets';
export { SERVICE_UNAVAILABLE_MEDIA } from './sim-asterisk';
export type {
  HeardMedia,
  LatencySummary,
  RequestMatch,
  SimBridgeType,
  SimBridgeView,
  SimCaller,
  SimCallerState,
  SimCluster,
  SimEventNotice,
  SimFaults,
  SimRequestNotice,
  Simulator,
  SimulatorOptions,
} from './types';
