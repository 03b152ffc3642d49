import type { Database } from './database';
import { newId } from './new-id';

/** An organisation is the billing account its conferences are charged to. */
export interface OrganisationRecord {
  id: string;
  name: string;
  /** Organisation number or phone number printed on every charge report. */
  billingReference: string;
  createdAt: number;
}

export interface NewOrganisation {
  name: string;
  billingReference: string;
}

interface OrganisationRow {
  id: string;
  name: string;
  billing_reference: string;
  created_at: number;
}

const COLUMNS = 'id, name, billing_reference, created_at';

export class OrganisationsRepository {
  private readonly insertRow;
  private readonly selectById;
  private readonly selectAll;

  constructor(db: Database) {
    this.insertRow = db.prepare<[OrganisationRow]>(
      'INSERT INTO organisations (id, name, billing_reference, created_at) VALUES (@id, @name, @billing_reference, @created_at)',
    );
    this.selectById = db.prepare<[string], OrganisationRow>(`SELECT ${COLUMNS} FROM organisations WHERE id = ?`);
    this.selectAll = db.prepare<[], OrganisationRow>(`SELECT ${COLUMNS} FROM organisations ORDER BY created_at, id`);
  }

  create(input: NewOrganisation, at: number): OrganisationRecord {
    const row: OrganisationRow = {
      id: newId('org'),
      name: input.name,
      billing_reference: input.billingReference,
      created_at: at,
    };
    this.insertRow.run(row);
    return toRecord(row);
  }

  get(id: string): OrganisationRecord | null {
    const row = this.selectById.get(id);
    return row ? toRecord(row) : null;
  }

  list(): OrganisationRecord[] {
    return this.selectAll.all().map(toRecord);
  }
}

function toRecord(row: OrganisationRow): OrganisationRecord {
  return { id: row.id, name: row.name, billingReference: row.billing_reference, createdAt: row.created_at };
}
