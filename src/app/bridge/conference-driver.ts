import { assertNever } from '../../domain/assert-never';
import { chosenLanguageOf } from '../../domain/call/call-machine';
import { conferenceTransition } from '../../domain/conference/conference-machine';
import {
  createConference,
  inMeeting,
  timerKey,
  type ConferenceEffect,
  type ConferenceEvent,
  type ConferenceRules,
  type ConferenceState,
  type ConferenceStep,
} from '../../domain/conference/conference-state';
import type { Logger } from '../../logger';
import type { Clock, Ids } from '../ports/clock-and-ids';
import type { Ledger } from '../ports/ledger';
import type { Telephony } from '../ports/telephony';
import type { CallDriver } from './call-driver';
import { conferenceBridgeName, type ConferenceRegistry, type LiveBridge, type LiveConference } from './conference-registry';
import type { SerialQueues } from './serial-queues';
import { guarded } from './guarded';
import { changedMemos, MEMO_VARIABLE } from './resync-memo';
import type { MemoWriter } from './memo-writer';
import { rebuildConference, type ConferenceSnapshot } from '../../domain/conference/rebuild';
import { type ConferenceSettings } from '../../domain/conference/conference-settings';
import { type BridgeKind } from '../../domain/conference/conference-state';
import { TelephonyError } from '../ports/telephony';
import { type CodeMatch } from '../ports/conference-directory';
import type { PromptLanguage } from '../../domain/prompts/languages';
import { renderPrompts, type PromptRequest } from '../../domain/prompts/render';
import { callerLanguage } from '../../domain/conference/conference-state';
import type { NameRecordings } from './name-recordings';

/**
 * Feeds events into live conferences and carries their effects out: bridges
 * (created lazily, destroyed when the conference has nobody left), playbacks,
 * mute, timers, the ledger, and channel variables for resync after a reconnect.
 */
export interface ConferenceDriver {
  /** A caller's code was accepted: bring the caller to the conference (in a room with names on, once they said theirs). */
  admit(channelId: string, match: CodeMatch): void;
  /** The caller whose code was accepted enters the conference now. */
  enter(channelId: string, recordedName: string | null): void;
  /** A call is over: whatever was kept for it here goes. */
  callGone(channelId: string): void;
  feed(conference: LiveConference, event: ConferenceEvent): void;
  /**
   * Takes a conference that survived a restart back into the registry, rebuilt
   * by the core's rules from what survived, with the bridges Asterisk still
   * holds for it. The callers' records must be in place already.
   */
  restore(settings: ConferenceSettings, bridgeIds: Partial<Record<BridgeKind, string>>, snapshot: ConferenceSnapshot, at: number): void;
  /** A farewell of this conference is over: the bridges may go if nobody is left. */
  retireIfIdle(conference: LiveConference): void;
}

export function createConferenceDriver(deps: {
  calls: CallDriver;
  registry: ConferenceRegistry;
  telephony: Telephony;
  ids: Ids;
  clock: Clock;
  ledger: Ledger;
  queues: SerialQueues;
  /** Remembers on the channels what a restart must know (roles, legs, mute, the meeting's switches). */
  memos: MemoWriter;
  logger: Logger;
  rules: ConferenceRules;
  /** The conference has nobody left and is gone from the registry. */
  retired?: (conferenceId: string) => void;
  /** The conference's state changed, or it is gone: what admins see of it may have changed (see LiveControl.onChange). */
  changed?: (conferenceId: string) => void;
  names: NameRecordings;
}): ConferenceDriver {
  const { calls, registry, telephony, ids, clock, ledger, queues, memos, rules, names } = deps;
  /** Callers whose code was accepted and who are not in their conference yet (saying their name). */
  const arriving = new Map<string, { match: CodeMatch; legId: string; chosenLanguage: PromptLanguage | null }>();

  function admit(channelId: string, match: CodeMatch): void {
    const held = calls.get(channelId);
    if (held === undefined) return;
    const conferenceId = match.conference.conferenceId;
    const legId = ids.next('leg');
    const chosenLanguage = chosenLanguageOf(held.state);
    arriving.set(channelId, { match, legId, chosenLanguage });
    const naming = match.conference.namesRecorded
      ? { recording: names.nameFor(legId), language: callerLanguage(chosenLanguage, match.conference) }
      : null;
    // The call's machine answers with `enterConference` (here: `enter`), now or once the name is said.
    calls.feed(channelId, { kind: 'codeAccepted', conferenceId, legId, naming });
    // The call's log names the conference from here on.
    (calls.get(channelId) ?? held).log.info({ codeRole: match.role, legId }, 'code accepted');
  }

  function enter(channelId: string, recordedName: string | null): void {
    const held = calls.get(channelId);
    const accepted = arriving.get(channelId);
    arriving.delete(channelId);
    if (held === undefined || accepted === undefined) return;
    const { match, legId, chosenLanguage } = accepted;
    const conference = registry.get(match.conference.conferenceId) ?? open(match);
    const { call } = held;
    feed(conference, {
      kind: 'callerAdmitted',
      at: clock.now(),
      admission: {
        legId,
        channelId,
        codeRole: match.role,
        callerNumber: call.callerNumber,
        dialledNumber: call.dialledNumber,
        calledAt: call.at,
        chosenLanguage,
        recordedName,
        newMeetingId: ids.next('mtg'),
      },
    });
  }

  function open(match: CodeMatch): LiveConference {
    const conferenceId = match.conference.conferenceId;
    const conference: LiveConference = {
      state: createConference(match.conference, rules),
      log: deps.logger.child({ conferenceId }),
      bridges: {},
      timers: new Map(),
      farewells: new Set(),
    };
    registry.add(conference);
    return conference;
  }

  function feed(conference: LiveConference, event: ConferenceEvent): void {
    apply(conference, conference.state, conferenceTransition(conference.state, event));
  }

  function restore(
    settings: ConferenceSettings,
    bridgeIds: Partial<Record<BridgeKind, string>>,
    snapshot: ConferenceSnapshot,
    at: number,
  ): void {
    const rebuilt = rebuildConference(settings, rules, snapshot, at);
    const bridges: LiveConference['bridges'] = {};
    for (const [kind, id] of Object.entries(bridgeIds) as Array<[BridgeKind, string]>) bridges[kind] = { id, ready: Promise.resolve(true) };
    const conference: LiveConference = {
      state: rebuilt.state,
      log: deps.logger.child({ conferenceId: settings.conferenceId }),
      bridges,
      timers: new Map(),
      farewells: new Set(),
    };
    registry.add(conference);
    conference.log.info({ callers: snapshot.callers.length, meetingId: snapshot.meeting?.id ?? null }, 'conference restored');
    apply(conference, null, rebuilt);
  }

  function apply(conference: LiveConference, before: ConferenceState | null, step: ConferenceStep): void {
    conference.state = step.state;
    for (const effect of step.effects) carryOut(conference, effect);
    rememberForRestart(before, step.state);
    if (step.state !== before) deps.changed?.(step.state.settings.conferenceId);
  }

  /** Each caller's channel keeps its leg, its mute and the meeting's switches, for a restart (see resync-memo). */
  function rememberForRestart(before: ConferenceState | null, after: ConferenceState): void {
    for (const { channelId, memo } of changedMemos(before, after)) memos.write(channelId, MEMO_VARIABLE, memo);
  }

  function carryOut(conference: LiveConference, effect: ConferenceEffect): void {
    switch (effect.kind) {
      case 'moveToBridge':
        return moveToBridge(conference, effect.channelId, effect.bridge, effect.muted);
      case 'play':
        return calls.play(effect.channelId, effect.language, effect.prompts);
      case 'playToMeeting':
        return playToMeeting(conference, effect.language, effect.prompts);
      case 'farewell':
        return calls.feed(effect.channelId, { kind: 'sendAway', prompts: effect.prompts, language: effect.language });
      case 'setMuted':
        calls.run(effect.channelId, 'set mute', () => telephony.setMuted(effect.channelId, effect.muted));
        return;
      case 'startTimer': {
        const key = timerKey(effect.timer);
        conference.timers.get(key)?.cancel();
        conference.timers.set(
          key,
          clock.after(
            effect.ms,
            guarded(conference.log, 'conference timer', () => {
              conference.timers.delete(key);
              feed(conference, { kind: 'timerFired', at: clock.now(), timer: effect.timer });
            }),
          ),
        );
        return;
      }
      case 'cancelTimer': {
        const key = timerKey(effect.timer);
        conference.timers.get(key)?.cancel();
        conference.timers.delete(key);
        return;
      }
      case 'legOpened': {
        const { leg } = effect;
        // The channel learns its leg from the memo written after this step (rememberForRestart).
        return record(conference, 'open leg', () => ledger.openLeg(leg));
      }
      case 'legEnteredMeeting':
        conference.log.info({ legId: effect.legId, meetingId: effect.meetingId }, 'caller entered meeting');
        return record(conference, 'leg entered meeting', () => ledger.legEnteredMeeting(effect.legId, effect.meetingId, effect.at));
      case 'legClosed':
        conference.log.info({ legId: effect.legId, reason: effect.reason }, 'leg closed');
        return record(conference, 'close leg', () => ledger.closeLeg(effect.legId, effect.at, effect.reason));
      case 'meetingStarted':
        conference.log.info({ meetingId: effect.meeting.meetingId }, 'meeting started');
        return record(conference, 'meeting started', () => ledger.meetingStarted(effect.meeting));
      case 'meetingEnded':
        conference.log.info({ meetingId: effect.meetingId, reason: effect.reason }, 'meeting ended');
        return record(conference, 'meeting ended', () => ledger.meetingEnded(effect.meetingId, effect.at, effect.reason));
      case 'forgetName':
        return names.release(effect.recording);
      case 'releaseBridges':
        return retireIfIdle(conference);
      default:
        return assertNever(effect);
    }
  }

  /** Ledger writes are synchronous and durable; a failing one is logged and the call goes on. */
  function record(conference: LiveConference, step: string, write: () => void): void {
    try {
      write();
    } catch (error) {
      conference.log.error({ step, err: error }, 'ledger write failed');
    }
  }

  function moveToBridge(conference: LiveConference, channelId: string, kind: BridgeKind, muted: boolean): void {
    const state = calls.get(channelId)?.state;
    if (state?.phase !== 'conference') return;
    const from = state.bridge === null || state.bridge === kind ? null : conference.bridges[state.bridge];
    calls.feed(channelId, { kind: 'movedToBridge', bridge: kind });
    const bridge = bridgeOf(conference, kind);
    calls.run(channelId, `join ${kind} bridge`, async () => {
      if (from !== undefined && from !== null) await telephony.removeFromBridge(from.id, channelId);
      if (!(await bridge.ready)) throw new TelephonyError(`${kind} bridge unavailable`);
      await telephony.addToBridge(bridge.id, channelId, { muted });
    });
  }

  /**
   * Plays to the meeting once the work already queued for its callers is
   * done, so a tone follows the effects before it: those just moved in hear
   * it, a newcomer whose move comes after it does not.
   */
  function playToMeeting(conference: LiveConference, language: PromptLanguage, prompts: readonly PromptRequest[]): void {
    const bridge = bridgeOf(conference, 'mixing');
    const playbackId = ids.next('pb');
    const media = renderPrompts(language, prompts);
    const queuedBefore = inMeeting(conference.state).map((caller) => queues.run(caller.channelId, async () => undefined));
    void queues.run(bridge.id, async () => {
      try {
        await Promise.all(queuedBefore);
        if (await bridge.ready) await telephony.playToBridge(bridge.id, media, playbackId, language);
      } catch (error) {
        conference.log.warn({ err: error }, 'playing to the meeting failed');
      }
    });
  }

  function bridgeOf(conference: LiveConference, kind: BridgeKind): LiveBridge {
    const existing = conference.bridges[kind];
    if (existing !== undefined) return existing;
    const id = ids.next('br');
    const name = conferenceBridgeName(conference.state.settings.conferenceId, kind);
    const ready = telephony.createBridge(id, kind, name).then(
      () => true,
      (error: unknown) => {
        conference.log.error({ err: error, bridgeId: id, kind }, 'creating bridge failed');
        return false;
      },
    );
    const bridge = { id, ready };
    conference.bridges[kind] = bridge;
    return bridge;
  }

  /** Nobody left and no farewell playing: destroy the bridges and forget the conference. */
  function retireIfIdle(conference: LiveConference): void {
    if (conference.state.callers.length > 0 || conference.farewells.size > 0) return;
    if (registry.get(conference.state.settings.conferenceId) !== conference) return;
    registry.remove(conference.state.settings.conferenceId);
    deps.retired?.(conference.state.settings.conferenceId);
    deps.changed?.(conference.state.settings.conferenceId);
    for (const timer of conference.timers.values()) timer.cancel();
    conference.timers.clear();
    for (const bridge of Object.values(conference.bridges)) {
      void queues.run(bridge.id, async () => {
        try {
          if (await bridge.ready) await telephony.destroyBridge(bridge.id);
        } catch (error) {
          conference.log.warn({ err: error, bridgeId: bridge.id }, 'destroying bridge failed');
        }
      });
    }
    conference.log.info('conference idle');
  }

  return { admit, enter, callGone: (channelId) => void arriving.delete(channelId), feed, restore, retireIfIdle };
}
