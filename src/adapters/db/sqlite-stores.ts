import type { AdminStores } from '../../app/ports/admin-stores';
import type { CodeHasher } from './code-hash';
import { OrganisationsRepository } from './organisations-repository';
import { UsageRepository } from './usage-repository';
import { ConferencesRepository } from './conferences-repository';
import type { Database } from './database';
import { TokensRepository } from './tokens-repository';
import { UsersRepository } from './users-repository';

/** The admin API's storage on the (migrated) SQLite database. */
export function createSqliteStores(db: Database, hashCode: CodeHasher): AdminStores {
  return {
    organisations: new OrganisationsRepository(db),
    users: new UsersRepository(db),
    tokens: new TokensRepository(db),
    conferences: new ConferencesRepository(db, hashCode),
    usage: new UsageRepository(db),
  };
}
