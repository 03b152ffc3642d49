/**
 * The languages Kvorum speaks to callers. Each is also the name of its folder
 * under Asterisk's sounds directory (`sounds/nb/kvorum/...`) and the `lang`
 * of an ARI playback. Norwegian bokmål is `nb` (ISO 639-1); Asterisk's own
 * say.c knows Norwegian only as `no`, which Kvorum does not use.
 */
export const PROMPT_LANGUAGES = ['en', 'nb'] as const;

export type PromptLanguage = (typeof PROMPT_LANGUAGES)[number];
