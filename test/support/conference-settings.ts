import type { ConferenceSettings } from '../../src/domain/conference/conference-settings';
import type { ConferenceRules } from '../../src/domain/conference/conference-state';

/** Conference settings with test-friendly defaults. */
export function conferenceSettings(overrides: Partial<ConferenceSettings> = {}): ConferenceSettings {
  return {
    conferenceId: 'conf-board',
    organisationId: 'org-acme',
    name: 'Board meeting',
    language: 'en',
    joinLeaveTones: true,
    endOnLeaderHangup: true,
    capacity: null,
    participantsJoinMuted: false,
    admissionRequired: false,
    namesRecorded: false,
    maxDurationMs: null,
    groupTimeLimitMs: null,
    ...overrides,
  };
}

/** The bridge-wide rules the core is given in tests: a leader command's two keys 2 s apart at most, a 5-minute warning. */
export const conferenceRules: ConferenceRules = { commandTimeoutMs: 2_000, durationWarningMs: 5 * 60_000 };
