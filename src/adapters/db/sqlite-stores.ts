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
import type { Database } from './database';
import { TokensRepository } from './tokens-repository';
import { UsersRepository } from './users-repository';

/** The admin API's storage on the (migrated) SQLite database. */
export function createSqliteStores(db: Database, hashCode: CodeHasher, seal: CodeSeal): AdminStores & SignInStores {
  const bookings = new BookingsRepository(db, hashCode, seal);
  const passwords = new PasswordsRepository(db);
  return {
    passwords,
    signInFailures: passwords,
    sessions: new SessionsRepository(db),
    organisations: new OrganisationsRepository(db),
    users: new UsersRepository(db),
    tokens: new TokensRepository(db),
    conferences: new ConferencesRepository(db, hashCode),
    accessNumbers: new AccessNumbersRepository(db),
    licences: new LicencesRepository(db),
    bookings,
    outbox: bookings,
  };
}
