import type { AdminOrganisation, OrganisationStore } from '../../app/ports/admin-stores';
import { newId } from './new-id';
import type { SqlDatabase, SqlStatements } from './sql/sql-database';

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
  constructor(private readonly db: SqlDatabase) {}

  /** An organisation sold directly unless `resellerOrganisationId` names its reseller. */
  async create(
    input: { name: string; billingReference: string; resellerOrganisationId?: string | null },
    at: number,
  ): Promise<AdminOrganisation> {
    const row: OrganisationRow = {
      id: newId('org'),
      name: input.name,
      billing_reference: input.billingReference,
      reseller_organisation_id: input.resellerOrganisationId ?? null,
      created_at: at,
    };
    await this.db.run(`INSERT INTO organisations (${COLUMNS}) VALUES ($1, $2, $3, $4, $5)`, [
      row.id,
      row.name,
      row.billing_reference,
      row.reseller_organisation_id,
      row.created_at,
    ]);
    return toOrganisation(row);
  }

  async get(id: string): Promise<AdminOrganisation | null> {
    const row = await this.row(id);
    return row ? toOrganisation(row) : null;
  }

  async list(ids?: ReadonlySet<string>): Promise<AdminOrganisation[]> {
    const rows = await this.db.all<OrganisationRow>(`SELECT ${COLUMNS} FROM organisations ORDER BY created_at, id`);
    return (ids ? rows.filter((row) => ids.has(row.id)) : rows).map(toOrganisation);
  }

  async resoldBy(resellerOrganisationId: string): Promise<string[]> {
    const rows = await this.db.all<{ id: string }>('SELECT id FROM organisations WHERE reseller_organisation_id = $1 ORDER BY id', [
      resellerOrganisationId,
    ]);
    return rows.map((row) => row.id);
  }

  async update(
    id: string,
    patch: Partial<Pick<AdminOrganisation, 'name' | 'billingReference' | 'resellerOrganisationId'>>,
  ): Promise<AdminOrganisation | null> {
    return this.db.transaction(async (tx) => {
      const row = await this.row(id, tx);
      if (!row) return null;
      const updated: OrganisationRow = {
        ...row,
        name: patch.name ?? row.name,
        billing_reference: patch.billingReference ?? row.billing_reference,
        reseller_organisation_id: patch.resellerOrganisationId !== undefined ? patch.resellerOrganisationId : row.reseller_organisation_id,
      };
      await tx.run('UPDATE organisations SET name = $1, billing_reference = $2, reseller_organisation_id = $3 WHERE id = $4', [
        updated.name,
        updated.billing_reference,
        updated.reseller_organisation_id,
        id,
      ]);
      return toOrganisation(updated);
    });
  }

  private row(id: string, on: SqlStatements = this.db): Promise<OrganisationRow | undefined> {
    return on.get<OrganisationRow>(`SELECT ${COLUMNS} FROM organisations WHERE id = $1`, [id]);
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
