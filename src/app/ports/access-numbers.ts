import type { PromptLanguage } from '../../domain/prompts/languages';

/** A number callers dial to reach Kvorum, as the invitations list it. */
export interface AccessNumber {
  /** International form, e.g. `+4722222222`. */
  number: string;
  /** The language its code prompt starts in. */
  language: PromptLanguage;
  /** What it is, e.g. "Oslo" or "Norway toll-free". */
  label: string;
}

/**
 * Where the invitations read the access numbers from: the directory of
 * access numbers (app/admin/access-numbers-service.ts makes this view of
 * it); the invitations need nothing else of it.
 */
export interface AccessNumberDirectory {
  list(): Promise<AccessNumber[]>;
}

/** The access numbers as the bridge reads them when a call arrives (implemented by adapters/db). */
export interface AccessNumberLanguages {
  /** The language callers of `number` (as the dialplan hands it) hear before they type the code; null for a number not in the directory. */
  languageOf(number: string): PromptLanguage | null;
}
