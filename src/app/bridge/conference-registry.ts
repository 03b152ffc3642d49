import type { Logger } from '../../logger';
import type { ConferenceState } from '../../domain/conference/conference-state';
import type { BridgeKind } from '../../domain/conference/conference-state';
import type { TimerHandle } from '../ports/clock-and-ids';

export interface LiveBridge {
  id: string;
  /** Resolves true once the bridge exists in Asterisk, false if it could not be created. */
  ready: Promise<boolean>;
}

/** A conference with someone in it (or still hearing a farewell), and what the app holds for it. */
export interface LiveConference {
  state: ConferenceState;
  log: Logger;
  /** Created lazily, on the first caller who needs each. */
  bridges: Partial<Record<BridgeKind, LiveBridge>>;
  timers: Map<string, TimerHandle>;
  /** Channels of this conference hearing a last prompt: the bridges stay until they are gone. */
  farewells: Set<string>;
}

/** The live conferences by id. Created once by whoever wires the app (never a module singleton). */
export interface ConferenceRegistry {
  get(conferenceId: string): LiveConference | undefined;
  add(conference: LiveConference): void;
  remove(conferenceId: string): void;
  all(): LiveConference[];
}

export function createConferenceRegistry(): ConferenceRegistry {
  const conferences = new Map<string, LiveConference>();
  return {
    get: (conferenceId) => conferences.get(conferenceId),
    add: (conference) => void conferences.set(conference.state.settings.conferenceId, conference),
    remove: (conferenceId) => void conferences.delete(conferenceId),
    all: () => [...conferences.values()],
  };
}

const BRIDGE_NAME_PREFIX = 'kvorum-';

/** The name of a conference's bridge in Asterisk: how a restarted app finds it again. */
export function conferenceBridgeName(conferenceId: string, kind: BridgeKind): string {
  return `${BRIDGE_NAME_PREFIX}${conferenceId}-${kind}`;
}

/** True for a bridge named by `conferenceBridgeName`. */
export function isConferenceBridgeName(name: string): boolean {
  return name.startsWith(BRIDGE_NAME_PREFIX);
}
