import type { AccessNumberRecord, AccessNumberStore } from '../../app/ports/admin-stores';
import type { AccessNumberLanguages } from '../../app/ports/access-numbers';
import type { AccessNumberEntry } from '../../domain/provisioning/access-number-rules';
import type { PromptLanguage } from '../../domain/prompts/languages';
import type { Database } from './database';

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
 */
export class AccessNumbersRepository implements AccessNumberStore, AccessNumberLanguages {
  private readonly insertRow;
  private readonly selectByNumber;
  private readonly selectAll;
  private readonly updateRow;
  private readonly deleteRow;

  constructor(db: Database) {
    this.insertRow = db.prepare<[AccessNumberRow]>(
      `INSERT INTO access_numbers (${COLUMNS}) VALUES (@number, @international_number, @label, @default_language, @created_at, @updated_at)
       ON CONFLICT (number) DO NOTHING`,
    );
    this.selectByNumber = db.prepare<[string], AccessNumberRow>(`SELECT ${COLUMNS} FROM access_numbers WHERE number = ?`);
    this.selectAll = db.prepare<[], AccessNumberRow>(`SELECT ${COLUMNS} FROM access_numbers ORDER BY number`);
    this.updateRow = db.prepare<[Omit<AccessNumberRow, 'created_at'>]>(
      `UPDATE access_numbers SET international_number = @international_number, label = @label, default_language = @default_language,
         updated_at = @updated_at
       WHERE number = @number`,
    );
    this.deleteRow = db.prepare<[string]>('DELETE FROM access_numbers WHERE number = ?');
  }

  list(): AccessNumberRecord[] {
    return this.selectAll.all().map(toRecord);
  }

  get(number: string): AccessNumberRecord | null {
    const row = this.selectByNumber.get(number);
    return row === undefined ? null : toRecord(row);
  }

  create(entry: AccessNumberEntry, at: number): AccessNumberRecord | null {
    const row: AccessNumberRow = {
      number: entry.number,
      international_number: entry.internationalNumber,
      label: entry.label,
      default_language: entry.defaultLanguage,
      created_at: at,
      updated_at: at,
    };
    return this.insertRow.run(row).changes === 1 ? this.get(entry.number) : null;
  }

  update(number: string, fields: Omit<AccessNumberEntry, 'number'>, at: number): AccessNumberRecord | null {
    const changed = this.updateRow.run({
      number,
      international_number: fields.internationalNumber,
      label: fields.label,
      default_language: fields.defaultLanguage,
      updated_at: at,
    }).changes;
    return changed === 1 ? this.get(number) : null;
  }

  delete(number: string): boolean {
    return this.deleteRow.run(number).changes === 1;
  }

  languageOf(number: string): PromptLanguage | null {
    const row = this.selectByNumber.get(number);
    return row?.default_language ?? null;
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
