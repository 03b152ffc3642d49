import { isPromptLanguage, PROMPT_LANGUAGES, type PromptLanguage } from '../domain/prompts/languages';
import { UsageError } from './command-group';

/** A `--language` option's value: one of the languages Kvorum speaks. */
export function languageOption(value: string): PromptLanguage {
  if (isPromptLanguage(value)) return value;
  throw new UsageError(`--language must be one of ${PROMPT_LANGUAGES.join(', ')}`);
}

export function optionalLanguage(value: string | undefined): PromptLanguage | undefined {
  return value === undefined ? undefined : languageOption(value);
}
