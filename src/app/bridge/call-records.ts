import type { Logger } from '../../logger';
import type { BridgeKind } from '../../domain/conference/conference-state';
import type { IncomingCall } from '../ports/telephony';
import type { TimerHandle } from '../ports/clock-and-ids';
import type { CodeEntryState } from '../../domain/code-entry/code-entry';

/**
 * What the app remembers about one call, by phase:
 * - `code-entry`: the caller is typing a code; the app runs the code-entry
 *   machine, its one timer and its current prompt;
 * - `conference`: the code was accepted; the conference's state knows the
 *   rules, the record knows which bridge the channel is in;
 * - `farewell`: the caller is hearing a last prompt and will be hung up
 *   (when it ends, or when the safety timer fires if its end never arrives).
 */
export type CallRecord =
  | {
      phase: 'code-entry';
      call: IncomingCall;
      log: Logger;
      entry: CodeEntryState;
      promptPlaybackId: string | null;
      timer: TimerHandle | null;
    }
  | { phase: 'conference'; call: IncomingCall; log: Logger; conferenceId: string; legId: string; bridge: BridgeKind | null }
  | { phase: 'farewell'; call: IncomingCall; log: Logger; conferenceId: string | null; safetyTimer: TimerHandle };

/** A playback whose end matters: a code prompt (starts the first-digit timer) or a farewell (hang up). */
export interface TrackedPlayback {
  channelId: string;
  purpose: 'code-prompt' | 'farewell';
}
