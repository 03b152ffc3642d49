import type { ConferenceSettingsSource } from './conference-directory';
import type { LedgerRecovery } from './ledger';
import type { TelephonySnapshots } from './telephony';

/** Where the bridge reads what it lost in a gap or a restart: Asterisk's state, the ledger, the conferences' settings. */
export interface ResyncSources {
  snapshots: TelephonySnapshots;
  recovery: LedgerRecovery;
  conferenceSettings: ConferenceSettingsSource;
}
