import type { AdminStores } from '../../app/ports/admin-stores';
import type { SignInStores } from '../../app/ports/sign-in-stores';
import { PasswordsRepository } from './passwords-repository';
import { SessionsRepository } from './sessions-repository';
import { AccessNumbersRepository } from './access-numbers-repository';
import { BookingsRepository } from './bookings-repository';
import type { CodeHasher } from './code-hash';
import type { CodeSeal } from './code-seal';
import { LicencesRepository } from './licences-repository';
import { OrganisationsRepository } from './organisations-repository';
import { ConferencesRepository } from './conferences-repository';
import type { SqlDatabase } from './sql/sql-database';
import { TokensRepository } from './tokens-repository';
import { UsersRepository } from './users-repository';

/**
 * The admin API's storage on the (migrated) store `sql`, SQLite or
 * PostgreSQL. `accessNumbers`: the directory the bridge reads too, when it
 * is made before the stores.
 */
export function createStores(
  sql: SqlDatabase,
  hashCode: CodeHasher,
  seal: CodeSeal,
  accessNumbers: AccessNumbersRepository = new AccessNumbersRepository(sql),
): AdminStores & SignInStores {
  const bookings = new BookingsRepository(sql, hashCode, seal);
  const passwords = new PasswordsRepository(sql);
  return {
    passwords,
    signInFailures: passwords,
    sessions: new SessionsRepository(sql),
    organisations: new OrganisationsRepository(sql),
    users: new UsersRepository(sql),
    tokens: new TokensRepository(sql),
    conferences: new ConferencesRepository(sql, hashCode),
    accessNumbers,
    licences: new LicencesRepository(sql),
    bookings,
    outbox: bookings,
  };
}
