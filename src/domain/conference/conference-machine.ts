import { assertNever } from '../assert-never';
import { admitCaller } from './admission';
import type { ConferenceEvent, ConferenceState, ConferenceStep, ConferenceTimer } from './conference-state';
import { inMeeting, tell } from './conference-state';
import { departCaller } from './departure';
import { pressKey } from './keypad-commands';
import { runLiveCommand } from './live-commands';
import { endForEveryone } from './meeting-end';

/** The conference's rules in one function: the next state and what to do about it. */
export function conferenceTransition(state: ConferenceState, event: ConferenceEvent): ConferenceStep {
  switch (event.kind) {
    case 'callerAdmitted':
      return admitCaller(state, event.admission, event.at);
    case 'digit':
      return pressKey(state, event.channelId, event.digit, event.at);
    case 'callerLeft': {
      const caller = state.callers.find((present) => present.channelId === event.channelId);
      return caller === undefined ? { state, effects: [] } : departCaller(state, caller, event.at, event.reason, null);
    }
    case 'timerFired':
      return fireTimer(state, event.timer, event.at);
    case 'liveCommand':
      return runLiveCommand(state, event.command, event.at);
    case 'shutdown':
      return endForEveryone(state, event.at, 'shutdown', 'shutdown', [{ key: 'call.goodbye' }]);
    default:
      return assertNever(event);
  }
}

/**
 * Maximum duration: the leaders hear a beep and "you have N minutes" when
 * `durationWarningMs` is left; at the limit everyone hears that the meeting
 * has ended and is hung up. A group meeting under a plan with a group time
 * limit: everyone hears the same warning, and at the limit the meeting ends
 * for everyone. A timer of a meeting that is over does nothing.
 */
function fireTimer(state: ConferenceState, timer: ConferenceTimer, at: number): ConferenceStep {
  if (state.meeting === null || state.meeting.id !== timer.meetingId) return { state, effects: [] };
  switch (timer.kind) {
    case 'duration-warning': {
      const minutes = Math.round(state.rules.durationWarningMs / 60_000);
      const leaders = inMeeting(state).filter((caller) => caller.role === 'leader');
      return { state, effects: leaders.map((leader) => tell(leader, { key: 'tone.beep' }, { key: 'meeting.minutes-left', minutes })) };
    }
    case 'duration-limit':
      return endForEveryone(state, at, 'duration-limit', 'meeting-ended', [{ key: 'meeting.ended' }]);
    case 'group-warning': {
      // Everyone hears it: the whole group meeting is about to end, not only the leaders' time. Spoken words go to
      // each caller in their own language (a bridge playback would speak the conference's to all).
      const minutes = Math.round(state.rules.durationWarningMs / 60_000);
      return {
        state,
        effects: inMeeting(state).map((caller) => tell(caller, { key: 'tone.beep' }, { key: 'meeting.minutes-left', minutes })),
      };
    }
    case 'group-limit':
      return endForEveryone(state, at, 'group-time-limit', 'meeting-ended', [{ key: 'meeting.ended' }]);
    default:
      return assertNever(timer);
  }
}
