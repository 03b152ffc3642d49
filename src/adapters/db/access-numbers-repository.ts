import type { AccessNumberRecord, AccessNumberStore } from '../../app/ports/admin-stores';
import type { AccessNumberLanguages } from '../../app/ports/access-numbers';
import type { AccessNumberEntry } from '../../domain/provisioning/access-number-rules';
import type { PromptLanguage } from '../../domain/prompts/languages';
import type { SqlDatabase } from './sql/sql-database';

interface AccessNumberRow {
  number: string;
  international_number: string;
  label: string;
  default_language: PromptLanguage;
  created_at: number;
  updated_at: number;
}

const COLUMNS = 'number, international_number, label, default_language, created_at, updated_at';

/**
 * The directory of access numbers (`0011_access_numbers.sql`): managed by
 * operators, and read by the bridge when a call arrives for the language of
 * the code prompt.
 *
 * The bridge asks at once, while the call arrives, so the languages are
 * answered from memory: `reload` reads them (before the first call), this
 * repository's own writes change them at once, and `keepFresh` reloads them
 * now and then for what another process (the command line, another Kvorum
 * of a cluster) changed.
 */
export class AccessNumbersRepository implements AccessNumberStore, AccessNumberLanguages {
  private languages = new Map<string, PromptLanguage>();
  /** This repository's writes done so far: a reload that began before one of them ended may have missed it. */
  private writes = 0;

  constructor(private readonly db: SqlDatabase) {}

  async list(): Promise<AccessNumberRecord[]> {
    const rows = await this.db.all<AccessNumberRow>(`SELECT ${COLUMNS} FROM access_numbers ORDER BY number`);
    return rows.map(toRecord);
  }

  async get(number: string): Promise<AccessNumberRecord | null> {
    const row = await this.db.get<AccessNumberRow>(`SELECT ${COLUMNS} FROM access_numbers WHERE number = $1`, [number]);
    return row === undefined ? null : toRecord(row);
  }

  async create(entry: AccessNumberEntry, at: number): Promise<AccessNumberRecord | null> {
    const inserted = await this.db.run(
      `INSERT INTO access_numbers (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (number) DO NOTHING`,
      [entry.number, entry.internationalNumber, entry.label, entry.defaultLanguage, at, at],
    );
    return inserted === 1 ? this.learn(await this.get(entry.number)) : null;
  }

  async update(number: string, fields: Omit<AccessNumberEntry, 'number'>, at: number): Promise<AccessNumberRecord | null> {
    const changed = await this.db.run(
      `UPDATE access_numbers SET international_number = $1, label = $2, default_language = $3, updated_at = $4 WHERE number = $5`,
      [fields.internationalNumber, fields.label, fields.defaultLanguage, at, number],
    );
    return changed === 1 ? this.learn(await this.get(number)) : null;
  }

  async delete(number: string): Promise<boolean> {
    const deleted = (await this.db.run('DELETE FROM access_numbers WHERE number = $1', [number])) === 1;
    this.writes += 1;
    this.languages.delete(number);
    return deleted;
  }

  languageOf(number: string): PromptLanguage | null {
    return this.languages.get(number) ?? null;
  }

  /** Reads every number's language again. */
  async reload(): Promise<void> {
    const writes = this.writes;
    const rows = await this.db.all<Pick<AccessNumberRow, 'number' | 'default_language'>>(
      'SELECT number, default_language FROM access_numbers',
    );
    // Written meanwhile: what was read may miss it; the next reload reads it.
    if (writes === this.writes) this.languages = new Map(rows.map((row) => [row.number, row.default_language]));
  }

  /** Reloads every `everyMs` until the returned function is called; a failed reload is handed to `failed`. */
  keepFresh(everyMs: number, failed: (error: unknown) => void): () => void {
    const timer = setInterval(() => void this.reload().catch(failed), everyMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  private learn(record: AccessNumberRecord | null): AccessNumberRecord | null {
    this.writes += 1;
    if (record !== null) this.languages.set(record.number, record.defaultLanguage);
    return record;
  }
}

function toRecord(row: AccessNumberRow): AccessNumberRecord {
  return {
    number: row.number,
    internationalNumber: row.international_number,
    label: row.label,
    defaultLanguage: row.default_language,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
