import type { PromptLanguage } from '../../domain/prompts/languages';

/** The access numbers as the bridge reads them when a call arrives (implemented by adapters/db). */
export interface AccessNumberDirectory {
  /** The language callers of `number` hear before they type the code; null for a number the directory does not have. */
  languageOf(number: string): PromptLanguage | null;
}
