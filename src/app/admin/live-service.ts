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
  /**
   * Calls `changed` after a change to a live conference the principal can
   * see (or could, until the change: a deleted room's meeting ending), never
   * for another's; `list` then answers what changed. Answers a function that
   * ends the watch.
   */
  watch(principal: Principal, changed: () => void): () => void;
}

export function createLiveService(deps: { conferences: ConferenceStore; liveControl: LiveControl }): LiveService {
  const { conferences, liveControl } = deps;

  function isVisible(principal: Principal, conferenceId: string): boolean {
    const conference = conferences.get(conferenceId);
    return conference !== null && canSeeConference(principal, conference);
  }

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
      return liveControl.list().filter((view) => isVisible(principal, view.conferenceId));
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

    watch(principal: Principal, changed: () => void): () => void {
      // Looked up once per conference (the listener runs inside the bridge's turn). A conference seen stays
      // news to this watcher even once its room is gone; one not visible stays hidden for the watch's life.
      const visible = new Map<string, boolean>();
      return liveControl.onChange((conferenceId) => {
        let known = visible.get(conferenceId);
        if (known === undefined) {
          known = isVisible(principal, conferenceId);
          visible.set(conferenceId, known);
        }
        if (known) changed();
      });
    },
  };
}
