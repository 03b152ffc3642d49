/**
 * How long a caller waits, after the `#` of their code, until the call is in
 * the conference's bridge: on the server the call arrived on, or on another
 * one the internal trunk carried it to (issue 17). Measured in the simulator
 * process from the instant the `#` was sent to the instant the call (its far
 * end, when carried) entered its first bridge, both on the simulator's clock.
 */
import { preciseNow, summarise, type SimCaller } from '../simulator';
import type { JoinFigures } from './load-protocol';

export interface JoinTiming {
  /** The `#` of the code was just sent on `call`, which arrived on server `dialledOn` (null for a lone simulator). */
  codeSent(call: SimCaller, dialledOn: string | null): { settled(joined: boolean): void };
  read(): JoinFigures;
  reset(): void;
}

export function createJoinTiming(): JoinTiming {
  let sameServer: number[] = [];
  let crossServer: number[] = [];
  let failedOnServerDialled = 0;
  let failedAfterCarry = 0;
  let failures: Record<string, number> = {};

  return {
    codeSent(call, dialledOn) {
      const sentAt = preciseNow();
      return {
        settled(joined) {
          const carried = call.mediaServer() !== dialledOn;
          const joinedAt = call.joinedAt();
          if (!joined || joinedAt === null) {
            if (carried) failedAfterCarry += 1;
            else failedOnServerDialled += 1;
            const what = whatFailedCallerMet(call);
            failures[what] = (failures[what] ?? 0) + 1;
            return;
          }
          (carried ? crossServer : sameServer).push(joinedAt - sentAt);
        },
      };
    },
    read: () => ({
      sameServer: summarise(sameServer),
      crossServer: summarise(crossServer),
      failedOnServerDialled,
      failedAfterCarry,
      failures,
    }),
    reset() {
      sameServer = [];
      crossServer = [];
      failedOnServerDialled = 0;
      failedAfterCarry = 0;
      failures = {};
    },
  };
}

/** What a caller who never got in met: whether the call was still up, and the last thing it heard (no codes: those are never played back). */
function whatFailedCallerMet(call: SimCaller): string {
  const last = call.heard().at(-1)?.media ?? 'nothing';
  return `${call.state === 'hungup' ? 'hung up' : 'still up'} after ${last}`;
}
