import type { IssuedCode } from '../../api/types';
import type { CatalogueKey } from '../../i18n/catalogue';

export const CODE_LABEL: Record<IssuedCode['role'], CatalogueKey> = {
  leader: 'rooms.code.leader',
  participant: 'rooms.code.participant',
  single: 'rooms.code.single',
};
