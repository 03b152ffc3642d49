import type { LiveCommand } from '../../domain/conference/conference-state';
import type { LiveConferenceView, LiveControl } from '../ports/live-control';
import { AdminError, notFound } from './admin-error';
import type { ConferenceStore } from '../ports/admin-stores';
import { assertNever } from '../../domain/assert-never';
import { canSeeConference, type Principal } from './roles';

/** Live meetings as the caller may see and steer them; commands go through the bridge's core rules. */
export interface LiveService {
  list(principal: Principal): Promise<LiveConferenceView[]>;
  get(principal: Principal, conferenceId: string): Promise<LiveConferenceView>;
  /** Runs the command and answers with the conference as it is afterwards (null once nobody is left). */
  command(principal: Principal, conferenceId: string, command: LiveCommand): Promise<LiveConferenceView | null>;
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

  async function isVisible(principal: Principal, conferenceId: string): Promise<boolean> {
    const conference = await conferences.get(conferenceId);
    return conference !== null && canSeeConference(principal, conference);
  }

  async function checkVisible(principal: Principal, conferenceId: string): Promise<void> {
    const conference = await conferences.get(conferenceId);
    if (!conference || !canSeeConference(principal, conference)) throw notFound('conference');
  }

  function live(conferenceId: string): LiveConferenceView {
    const view = liveControl.get(conferenceId);
    if (!view) throw new AdminError('conflict', 'no live meeting');
    return view;
  }

  return {
    async list(principal: Principal): Promise<LiveConferenceView[]> {
      const views = liveControl.list();
      const visible = await Promise.all(views.map((view) => isVisible(principal, view.conferenceId)));
      return views.filter((_, index) => visible[index]);
    },

    async get(principal: Principal, conferenceId: string): Promise<LiveConferenceView> {
      await checkVisible(principal, conferenceId);
      return live(conferenceId);
    },

    /** Runs the command and answers with the conference as it is afterwards. */
    async command(principal: Principal, conferenceId: string, command: LiveCommand): Promise<LiveConferenceView | null> {
      await checkVisible(principal, conferenceId);
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
      // Looked up once per conference, from the first change on (the listener runs inside the bridge's turn, so it
      // only starts the lookup). A conference seen stays news to this watcher even once its room is gone; one not
      // visible (or whose lookup failed) stays hidden for the watch's life.
      const visible = new Map<string, Promise<boolean>>();
      return liveControl.onChange((conferenceId) => {
        let known = visible.get(conferenceId);
        if (known === undefined) {
          known = isVisible(principal, conferenceId).catch(() => false);
          visible.set(conferenceId, known);
        }
        void known.then((seen) => {
          if (seen) changed();
        });
      });
    },
  };
}
