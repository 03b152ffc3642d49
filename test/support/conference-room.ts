import type { CodeRole, ConferenceSettings } from '../../src/domain/conference/conference-settings';
import { conferenceTransition } from '../../src/domain/conference/conference-machine';
import {
  createConference,
  type ConferenceEffect,
  type ConferenceEvent,
  type ConferenceState,
  type LiveCommand,
} from '../../src/domain/conference/conference-state';
import type { PromptLanguage } from '../../src/domain/prompts/languages';
import { conferenceRules, conferenceSettings } from './conference-settings';

export const T0 = 1_700_000_000_000;

/** A conference driven event by event, keeping every effect for inspection. */
export class Room {
  state: ConferenceState;
  effects: ConferenceEffect[] = [];

  constructor(overrides: Partial<ConferenceSettings> = {}) {
    this.state = createConference(conferenceSettings(overrides), conferenceRules);
  }

  send(event: ConferenceEvent): ConferenceEffect[] {
    const step = conferenceTransition(this.state, event);
    this.state = step.state;
    this.effects.push(...step.effects);
    return step.effects;
  }

  admit(
    channelId: string,
    codeRole: CodeRole,
    at = T0,
    options: { chosenLanguage?: PromptLanguage; recordedName?: string } = {},
  ): ConferenceEffect[] {
    return this.send({
      kind: 'callerAdmitted',
      at,
      admission: {
        legId: `leg-${channelId}`,
        channelId,
        codeRole,
        callerNumber: null,
        dialledNumber: '+4721000000',
        calledAt: at - 5_000,
        chosenLanguage: options.chosenLanguage ?? null,
        recordedName: options.recordedName ?? null,
        newMeetingId: `mtg-${channelId}`,
      },
    });
  }

  keys(channelId: string, keys: string, at = T0 + 60_000): ConferenceEffect[] {
    return [...keys].flatMap((digit, index) => this.send({ kind: 'digit', at: at + index * 100, channelId, digit }));
  }

  leave(channelId: string, at = T0 + 120_000): ConferenceEffect[] {
    return this.send({ kind: 'callerLeft', at, channelId, reason: 'caller-hung-up' });
  }

  command(command: LiveCommand, at = T0 + 60_000): ConferenceEffect[] {
    return this.send({ kind: 'liveCommand', at, command });
  }

  caller(channelId: string) {
    return this.state.callers.find((caller) => caller.channelId === channelId);
  }
}

/** What one caller was told (prompts to the channel and its farewell), in order. */
export const heardBy = (effects: ConferenceEffect[], channelId: string) =>
  effects.flatMap((effect) =>
    (effect.kind === 'play' || effect.kind === 'farewell') && effect.channelId === channelId ? effect.prompts : [],
  );

/** Each farewell as [channel, ...prompt keys]. */
export const farewellTo = (effects: ConferenceEffect[]) =>
  effects.flatMap((effect) => (effect.kind === 'farewell' ? [[effect.channelId, ...effect.prompts.map((prompt) => prompt.key)]] : []));

export const ofKind = <K extends ConferenceEffect['kind']>(effects: ConferenceEffect[], kind: K) =>
  effects.filter((effect): effect is Extract<ConferenceEffect, { kind: K }> => effect.kind === kind);
