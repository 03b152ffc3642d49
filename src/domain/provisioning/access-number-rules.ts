import type { PromptLanguage } from '../prompts/languages';
import { refusal, type ProvisioningRefusal } from './provisioning-refusal';

/**
 * An access number callers dial, as the directory of access numbers keeps
 * it: the language callers hear on it before the code, and the label people
 * see it under (the portal's dial-in card, the invitations).
 */
export interface AccessNumber {
  /** As the dialplan hands it to Kvorum (the Stasis argument): national digits such as 22222222, or + and digits. */
  number: string;
  /** "Oslo", "Norway toll-free". */
  label: string;
  /** What callers of this number hear until they type the code (or choose English). */
  defaultLanguage: PromptLanguage;
}

/** Digits, with a leading + for a number handed over in international form; 3 to 15 digits (E.164's longest). */
export const ACCESS_NUMBER_FORMAT = /^\+?[0-9]{3,15}$/;
export const MAX_LABEL_LENGTH = 100;

/** Whether an access number may be stored as given. */
export function accessNumberRefusal(entry: Pick<AccessNumber, 'number' | 'label'>): ProvisioningRefusal | null {
  if (!ACCESS_NUMBER_FORMAT.test(entry.number)) {
    return refusal('invalid-access-number', 'number', 'number must be 3 to 15 digits, optionally after a +');
  }
  const label = entry.label.trim();
  if (label === '' || label.length > MAX_LABEL_LENGTH) {
    return refusal('invalid-label', 'label', `label must be 1 to ${MAX_LABEL_LENGTH} characters`);
  }
  return null;
}
