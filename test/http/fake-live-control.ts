import type { LiveCommand, LiveCommandResult } from '../../src/domain/conference/conference-state';
import type { LiveConferenceView, LiveControl, LiveParticipant } from '../../src/app/ports/live-control';

/**
 * Live control in memory, for the HTTP layer: holds live conferences and
 * applies commands the way the bridge's rules would, so a test can check what
 * an admin command did to the meeting. (The bridge's own behaviour is tested
 * end to end with the simulator.)
 */
export class FakeLiveControl implements LiveControl {
  private readonly conferences = new Map<string, LiveConferenceView>();
  /** Each command that reached a live meeting, in order. */
  readonly received: Array<{ conferenceId: string; command: LiveCommand }> = [];
  private readonly listeners = new Set<(conferenceId: string) => void>();

  startMeeting(conferenceId: string, participants: LiveParticipant[], startedAt = Date.UTC(2025, 2, 3, 9)): void {
    this.conferences.set(conferenceId, {
      conferenceId,
      conferenceName: `Room ${conferenceId}`,
      meetingId: `mtg-${conferenceId}`,
      startedAt,
      locked: false,
      listenMode: false,
      endOnLeaderHangup: true,
      participants,
    });
    this.changed(conferenceId);
  }

  onChange(listener: (conferenceId: string) => void): () => void {
    const subscription = (conferenceId: string) => listener(conferenceId);
    this.listeners.add(subscription);
    return () => void this.listeners.delete(subscription);
  }

  /** Subscriptions open now (a closed live events stream ends its own). */
  get subscriptions(): number {
    return this.listeners.size;
  }

  private changed(conferenceId: string): void {
    for (const listener of this.listeners) listener(conferenceId);
  }

  list(): LiveConferenceView[] {
    return [...this.conferences.values()];
  }

  get(conferenceId: string): LiveConferenceView | null {
    return this.conferences.get(conferenceId) ?? null;
  }

  command(conferenceId: string, command: LiveCommand): LiveCommandResult {
    const result = this.apply(conferenceId, command);
    if (result === 'done') this.changed(conferenceId);
    return result;
  }

  private apply(conferenceId: string, command: LiveCommand): LiveCommandResult {
    const live = this.conferences.get(conferenceId);
    if (!live) return 'no-live-meeting';
    this.received.push({ conferenceId, command });
    switch (command.kind) {
      case 'mute':
      case 'remove': {
        const participant = live.participants.find((p) => p.legId === command.legId);
        if (!participant) return 'no-such-participant';
        if (command.kind === 'mute') participant.muted = command.muted;
        else live.participants = live.participants.filter((p) => p !== participant);
        return 'done';
      }
      case 'listen-mode':
        live.listenMode = command.on;
        for (const p of live.participants) if (p.role === 'participant') p.muted = command.on;
        return 'done';
      case 'lock':
        live.locked = command.locked;
        return 'done';
      case 'admit':
      case 'refuse': {
        const waiting = live.participants.filter((p) => p.waitingInLobby);
        const caller = command.legId === null ? waiting[0] : live.participants.find((p) => p.legId === command.legId);
        if (caller === undefined) return command.legId === null ? 'nobody-waiting' : 'no-such-participant';
        if (!caller.waitingInLobby) return 'not-waiting';
        if (command.kind === 'admit') caller.waitingInLobby = false;
        else live.participants = live.participants.filter((p) => p !== caller);
        return 'done';
      }
      case 'disconnect-participants':
        live.participants = live.participants.filter((p) => p.role === 'leader');
        return 'done';
      case 'end':
        this.conferences.delete(conferenceId);
        return 'done';
    }
  }
}

export function participant(
  legId: string,
  role: LiveParticipant['role'],
  callerNumber: string | null,
  overrides: Partial<LiveParticipant> = {},
): LiveParticipant {
  const arrivedAt = Date.UTC(2025, 2, 3, 9);
  return {
    legId,
    channelId: `chan-${legId}`,
    role,
    callerNumber,
    arrivedAt,
    joinedAt: arrivedAt,
    muted: false,
    mutedByHost: false,
    handRaisedAt: null,
    waitingInLobby: false,
    handRaised: false,
    nameRecorded: false,
    ...overrides,
  };
}
