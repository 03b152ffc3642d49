import type { AdminStores } from '../../app/ports/admin-stores';
import { createAdminConferencesStore } from './admin-conferences-store';
import { OrganisationsRepository } from './organisations-repository';
import { UsageRepository } from './usage-repository';
import type { ConferencesRepository } from './conferences-repository';
import type { Database } from './database';
import { TokensRepository } from './tokens-repository';
import { UsersRepository } from './users-repository';

/** The admin API's storage on the (migrated) SQLite database. */
export function createSqliteStores(db: Database, conferences: ConferencesRepository): AdminStores {
  return {
    organisations: new OrganisationsRepository(db),
    users: new UsersRepository(db),
    tokens: new TokensRepository(db),
    conferences: createAdminConferencesStore(conferences),
    usage: new UsageRepository(db),
  };
}
