import { createCodeHasher } from '../../src/adapters/db/code-hash';
import { createCodeSeal } from '../../src/adapters/db/code-seal';
import type { Database } from '../../src/adapters/db/database';
import { createSqliteStores } from '../../src/adapters/db/sqlite-stores';
import { createConferenceProvisioning, type ConferenceProvisioning } from '../../src/app/admin/conference-provisioning';
import { isRefusal, type ProvisioningRefusal } from '../../src/domain/provisioning/provisioning-refusal';

/** Conference provisioning (the domain's rules over the app) on a real SQLite database, codes keyed with `codeSecret`. */
export function sqliteProvisioning(db: Database, codeSecret: string): ConferenceProvisioning {
  const stores = createSqliteStores(db, createCodeHasher(codeSecret), createCodeSeal(codeSecret));
  return createConferenceProvisioning(stores);
}

/** For set-ups that expect to succeed: the outcome, or a thrown error naming the refusal. */
export function provisioned<T>(outcome: T | ProvisioningRefusal | null): T {
  if (outcome === null) throw new Error('no such conference');
  if (isRefusal(outcome)) throw new Error(`refused: ${outcome.code} (${outcome.message})`);
  return outcome;
}

/** Provisioning for set-ups: every call is expected to succeed, and a refusal throws. */
export function sqliteConferences(db: Database, codeSecret: string) {
  const provisioning = sqliteProvisioning(db, codeSecret);
  return {
    create: (...args: Parameters<ConferenceProvisioning['create']>) => provisioned(provisioning.create(...args)),
    delete: (...args: Parameters<ConferenceProvisioning['delete']>) => provisioning.delete(...args),
  };
}
