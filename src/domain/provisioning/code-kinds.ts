import type { CodeRole } from '../conference/conference-settings';

/** A conference has a leader code and a participant code (`pair`), or one code for everyone (`single`). */
export const CODE_KINDS = ['pair', 'single'] as const;
export type CodeKind = (typeof CODE_KINDS)[number];

/** The roles of the codes a conference of each kind has. */
export const CODE_ROLES_OF_KIND: Record<CodeKind, readonly CodeRole[]> = {
  pair: ['leader', 'participant'],
  single: ['single'],
};
