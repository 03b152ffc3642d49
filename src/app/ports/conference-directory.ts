import type { CodeRole, ConferenceSettings } from '../../domain/conference/conference-settings';

/** How the bridge finds a conference: by a caller's code, or by id after a restart (implemented by adapters/db). */
export interface CodeMatch {
  role: CodeRole;
  conference: ConferenceSettings;
}

export interface ConferenceDirectory {
  /**
   * Finds the active conference whose code matches `digits` at instant `at`
   * (a code outside its validity window is unknown). Never logs the digits.
   * On every caller's path: one indexed query for a room's code.
   */
  findByCode(digits: string, at: number): Promise<CodeMatch | null>;
}

/** A conference's run-time settings by id, for conferences rebuilt after a restart. */
export interface ConferenceSettingsSource {
  /** Null when there is no such active conference (deleted meanwhile). */
  settingsOf(conferenceId: string): Promise<ConferenceSettings | null>;
}
