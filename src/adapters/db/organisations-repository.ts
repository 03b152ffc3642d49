import type { AdminOrganisation, OrganisationStore } from '../../app/ports/admin-stores';
import type { Database } from './database';
import { newId } from './new-id';

interface OrganisationRow {
  id: string;
  name: string;
  billing_reference: string;
  reseller_organisation_id: string | null;
  created_at: number;
}

const COLUMNS = 'id, name, billing_reference, reseller_organisation_id, created_at';

/**
 * Organisations: the billing accounts conferences are charged to, each
 * possibly resold by another (the reseller link of `0003_admin.sql`).
 */
export class OrganisationsRepository implements OrganisationStore {
  private readonly insertRow;
  private readonly selectById;
  private readonly selectAll;
  private readonly selectResold;
  private readonly updateRow;

  constructor(db: Database) {
    this.insertRow = db.prepare<[OrganisationRow]>(
      `INSERT INTO organisations (${COLUMNS})
       VALUES (@id, @name, @billing_reference, @reseller_organisation_id, @created_at)`,
    );
    this.selectById = db.prepare<[string], OrganisationRow>(`SELECT ${COLUMNS} FROM organisations WHERE id = ?`);
    this.selectAll = db.prepare<[], OrganisationRow>(`SELECT ${COLUMNS} FROM organisations ORDER BY created_at, id`);
    this.selectResold = db.prepare<[string], { id: string }>('SELECT id FROM organisations WHERE reseller_organisation_id = ? ORDER BY id');
    this.updateRow = db.prepare<[OrganisationRow]>(
      `UPDATE organisations SET name = @name, billing_reference = @billing_reference,
         reseller_organisation_id = @reseller_organisation_id WHERE id = @id`,
    );
  }

  /** An organisation sold directly unless `resellerOrganisationId` names its reseller. */
  create(input: { name: string; billingReference: string; resellerOrganisationId?: string | null }, at: number): AdminOrganisation {
    const row: OrganisationRow = {
      id: newId('org'),
      name: input.name,
      billing_reference: input.billingReference,
      reseller_organisation_id: input.resellerOrganisationId ?? null,
      created_at: at,
    };
    this.insertRow.run(row);
    return toOrganisation(row);
  }

  get(id: string): AdminOrganisation | null {
    const row = this.selectById.get(id);
    return row ? toOrganisation(row) : null;
  }

  list(ids?: ReadonlySet<string>): AdminOrganisation[] {
    const rows = this.selectAll.all();
    return (ids ? rows.filter((row) => ids.has(row.id)) : rows).map(toOrganisation);
  }

  resoldBy(resellerOrganisationId: string): string[] {
    return this.selectResold.all(resellerOrganisationId).map((row) => row.id);
  }

  update(
    id: string,
    patch: Partial<Pick<AdminOrganisation, 'name' | 'billingReference' | 'resellerOrganisationId'>>,
  ): AdminOrganisation | null {
    const row = this.selectById.get(id);
    if (!row) return null;
    const updated: OrganisationRow = {
      ...row,
      name: patch.name ?? row.name,
      billing_reference: patch.billingReference ?? row.billing_reference,
      reseller_organisation_id: patch.resellerOrganisationId !== undefined ? patch.resellerOrganisationId : row.reseller_organisation_id,
    };
    this.updateRow.run(updated);
    return toOrganisation(updated);
  }
}

function toOrganisation(row: OrganisationRow): AdminOrganisation {
  return {
    id: row.id,
    name: row.name,
    billingReference: row.billing_reference,
    resellerOrganisationId: row.reseller_organisation_id,
    createdAt: row.created_at,
  };
}
