import type { PromptLanguage } from '../prompts/languages';
import { refusal, type ProvisioningRefusal } from './provisioning-refusal';

/**
 * An access number callers dial, as the directory of access numbers keeps
 * it: the language callers hear on it before the code, and how people see
 * it (the portal's dial-in card, the invitations).
 */
export interface AccessNumberEntry {
  /** As the dialplan hands it to Kvorum (the Stasis argument): national digits such as 22222222, or + and digits. */
  number: string;
  /** The same number as anyone dials it, in international form: +4722222222 (the invitations' tel: links). */
  internationalNumber: string;
  /** "Oslo", "Norway toll-free". */
  label: string;
  /** What callers of this number hear until they type the code (or choose English). */
  defaultLanguage: PromptLanguage;
}

/** Digits, with a leading + for a number handed over in international form; 3 to 15 digits (E.164's longest). */
export const ACCESS_NUMBER_FORMAT = /^\+?[0-9]{3,15}$/;
/** + and 4 to 15 digits: a number in E.164 form. */
export const INTERNATIONAL_NUMBER_FORMAT = /^\+[0-9]{4,15}$/;
export const MAX_LABEL_LENGTH = 100;

/** Whether an access number may be stored as given. */
export function accessNumberRefusal(entry: Omit<AccessNumberEntry, 'defaultLanguage'>): ProvisioningRefusal | null {
  if (!ACCESS_NUMBER_FORMAT.test(entry.number)) {
    return refusal('invalid-access-number', 'number', 'number must be 3 to 15 digits, optionally after a +');
  }
  if (!INTERNATIONAL_NUMBER_FORMAT.test(entry.internationalNumber)) {
    return refusal('invalid-access-number', 'internationalNumber', 'internationalNumber must be + and 4 to 15 digits, e.g. +4722222222');
  }
  const label = entry.label.trim();
  if (label === '' || label.length > MAX_LABEL_LENGTH) {
    return refusal('invalid-label', 'label', `label must be 1 to ${MAX_LABEL_LENGTH} characters`);
  }
  return null;
}
