import type { LiveCommand } from '../../domain/conference/conference-state';
import type { LiveConferenceView, LiveControl } from '../ports/live-control';
import { AdminError, notFound } from './admin-error';
import type { ConferenceStore } from '../ports/admin-stores';
import { assertNever } from '../../domain/assert-never';
import { canSeeConference, type Principal } from './roles';

/** Live meetings as the caller may see and steer them; commands go through the bridge's core rules. */
export interface LiveService {
  list(principal: Principal): LiveConferenceView[];
  get(principal: Principal, conferenceId: string): LiveConferenceView;
  /** Runs the command and answers with the conference as it is afterwards (null once nobody is left). */
  command(principal: Principal, conferenceId: string, command: LiveCommand): LiveConferenceView | null;
}

export function createLiveService(deps: { conferences: ConferenceStore; liveControl: LiveControl }): LiveService {
  const { conferences, liveControl } = deps;

  function checkVisible(principal: Principal, conferenceId: string): void {
    const conference = conferences.get(conferenceId);
    if (!conference || !canSeeConference(principal, conference)) throw notFound('conference');
  }

  function live(conferenceId: string): LiveConferenceView {
    const view = liveControl.get(conferenceId);
    if (!view) throw new AdminError('conflict', 'no live meeting');
    return view;
  }

  return {
    list(principal: Principal): LiveConferenceView[] {
      return liveControl.list().filter((view) => {
        const conference = conferences.get(view.conferenceId);
        return conference !== null && canSeeConference(principal, conference);
      });
    },

    get(principal: Principal, conferenceId: string): LiveConferenceView {
      checkVisible(principal, conferenceId);
      return live(conferenceId);
    },

    /** Runs the command and answers with the conference as it is afterwards. */
    command(principal: Principal, conferenceId: string, command: LiveCommand): LiveConferenceView | null {
      checkVisible(principal, conferenceId);
      const result = liveControl.command(conferenceId, command);
      switch (result) {
        case 'done':
          return liveControl.get(conferenceId);
        case 'no-live-meeting':
          throw new AdminError('conflict', 'no live meeting');
        case 'no-such-participant':
          throw notFound('participant');
        case 'nobody-waiting':
          throw new AdminError('conflict', 'nobody is waiting in the lobby');
        case 'not-waiting':
          throw new AdminError('conflict', 'that participant is not waiting in the lobby');
        default:
          return assertNever(result);
      }
    },
  };
}
