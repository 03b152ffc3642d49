import { formatLocalDate, parseLocalDate, type LocalDate } from '../../domain/billing/calendar';
import type { LicencePlan } from '../../domain/licensing/licence-plans';
import type { LicenceHolder, LicenceRefusal } from '../../domain/licensing/licence-rules';
import type { Licence, LicenceStore } from '../../app/ports/licence-store';
import type { RunningLicence } from '../../app/ports/charge-report-source';
import type { SqlDatabase, SqlStatements } from './sql/sql-database';
import { newId } from './new-id';
import { planIdOfOwner } from './plan-of-owner-sql';

interface PlanRow {
  id: string;
  name: string;
  price_ore_per_year: number;
  max_participants: number | null;
  group_time_limit_minutes: number | null;
}

interface LicenceRow {
  id: string;
  user_id: string;
  organisation_id: string;
  plan_id: string;
  price_ore_per_year: number;
  starts_on: string;
  ends_on: string | null;
  created_at: number;
}

const PLAN_COLUMNS = 'id, name, price_ore_per_year, max_participants, group_time_limit_minutes';
const LICENCE_COLUMNS = 'id, user_id, organisation_id, plan_id, price_ore_per_year, starts_on, ends_on, created_at';
const SELECT_PLAN = `SELECT ${PLAN_COLUMNS} FROM licence_plans WHERE id = $1`;
const SELECT_LICENCE = `SELECT ${LICENCE_COLUMNS} FROM licences WHERE id = $1`;
const SELECT_LICENCES_OF_USER = `SELECT ${LICENCE_COLUMNS} FROM licences WHERE user_id = $1 ORDER BY starts_on, id`;

/** Licence plans, the default plan and personal licences (`0006_licences.sql`). Local dates are stored as `YYYY-MM-DD`, which sort as dates. */
export class LicencesRepository implements LicenceStore {
  constructor(private readonly db: SqlDatabase) {}

  async plans(): Promise<LicencePlan[]> {
    const rows = await this.db.all<PlanRow>(`SELECT ${PLAN_COLUMNS} FROM licence_plans ORDER BY price_ore_per_year, id`);
    return rows.map(toPlan);
  }

  async plan(id: string): Promise<LicencePlan | null> {
    const row = await this.db.get<PlanRow>(SELECT_PLAN, [id]);
    return row ? toPlan(row) : null;
  }

  async createPlan(plan: LicencePlan, at: number): Promise<LicencePlan | 'exists'> {
    const row = toPlanRow(plan);
    const inserted = await this.db.run(
      `INSERT INTO licence_plans (${PLAN_COLUMNS}, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)
       ON CONFLICT (id) DO NOTHING`,
      [row.id, row.name, row.price_ore_per_year, row.max_participants, row.group_time_limit_minutes, at],
    );
    return inserted === 0 ? 'exists' : plan;
  }

  updatePlan(id: string, patch: Partial<Omit<LicencePlan, 'id'>>, at: number): Promise<LicencePlan | null> {
    return this.db.transaction(async (tx) => {
      const current = await tx.get<PlanRow>(SELECT_PLAN, [id]);
      if (!current) return null;
      const plan: LicencePlan = { ...toPlan(current), ...patch };
      const row = toPlanRow(plan);
      await tx.run(
        `UPDATE licence_plans SET name = $2, price_ore_per_year = $3, max_participants = $4, group_time_limit_minutes = $5,
           updated_at = $6 WHERE id = $1`,
        [row.id, row.name, row.price_ore_per_year, row.max_participants, row.group_time_limit_minutes, at],
      );
      return plan;
    });
  }

  async defaultPlanId(): Promise<string> {
    const row = await this.db.get<{ default_plan_id: string }>('SELECT default_plan_id FROM licence_settings WHERE id = 1');
    return row?.default_plan_id ?? 'unlimited';
  }

  async setDefaultPlan(id: string, at: number): Promise<void> {
    await this.db.run('UPDATE licence_settings SET default_plan_id = $1, updated_at = $2 WHERE id = 1', [id, at]);
  }

  async get(id: string): Promise<Licence | null> {
    const row = await this.db.get<LicenceRow>(SELECT_LICENCE, [id]);
    return row ? toLicence(row) : null;
  }

  licencesOf(userId: string): Promise<Licence[]> {
    return licencesOfUser(this.db, userId);
  }

  async licencesOfOrganisations(organisationIds: ReadonlySet<string> | 'all', from: LocalDate, to: LocalDate): Promise<Licence[]> {
    const ids = organisationIds === 'all' ? [] : [...organisationIds];
    if (organisationIds !== 'all' && ids.length === 0) return [];
    // One parameter per organisation ($3, $4, …): both stores take a list this way, and use the index on organisation_id.
    const ofOrganisations =
      organisationIds === 'all' ? '' : `AND organisation_id IN (${ids.map((_, index) => `$${index + 3}`).join(', ')})`;
    const rows = await this.db.all<LicenceRow>(
      `SELECT ${LICENCE_COLUMNS} FROM licences
       WHERE starts_on <= $2 AND (ends_on IS NULL OR ends_on >= $1) ${ofOrganisations}
       ORDER BY organisation_id, starts_on, id`,
      [formatLocalDate(from), formatLocalDate(to), ...ids],
    );
    return rows.map(toLicence);
  }

  assign(
    licence: Omit<Licence, 'id'>,
    refusal: (holder: LicenceHolder | null, held: Licence[]) => LicenceRefusal | null,
  ): Promise<Licence | LicenceRefusal> {
    const row: LicenceRow = {
      id: newId('lic'),
      user_id: licence.userId,
      organisation_id: licence.organisationId,
      plan_id: licence.planId,
      price_ore_per_year: licence.priceOrePerYear,
      starts_on: formatLocalDate(licence.startsOn),
      ends_on: licence.endsOn === null ? null : formatLocalDate(licence.endsOn),
      created_at: licence.createdAt,
    };
    // The user and their licences are read and the new one written in one transaction: two assignments at once, or an
    // assignment and the user's change into a shared mailbox (users-repository.ts), cannot both pass the rules.
    return this.db.transaction(async (tx) => {
      const holder = await tx.get<{ shared_mailbox: number }>('SELECT shared_mailbox FROM users WHERE id = $1 AND deleted_at IS NULL', [
        row.user_id,
      ]);
      const held = await licencesOfUser(tx, row.user_id);
      const refused = refusal(holder ? { sharedMailbox: holder.shared_mailbox === 1 } : null, held);
      if (refused !== null) return refused;
      await tx.run(`INSERT INTO licences (${LICENCE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
        row.id,
        row.user_id,
        row.organisation_id,
        row.plan_id,
        row.price_ore_per_year,
        row.starts_on,
        row.ends_on,
        row.created_at,
      ]);
      return toLicence(row);
    });
  }

  end(id: string, endsOn: LocalDate, refusal: (licence: Licence) => LicenceRefusal | null): Promise<Licence | LicenceRefusal | null> {
    return this.db.transaction(async (tx) => {
      const current = await tx.get<LicenceRow>(SELECT_LICENCE, [id]);
      if (!current) return null;
      const refused = refusal(toLicence(current));
      if (refused !== null) return refused;
      const ends_on = formatLocalDate(endsOn);
      await tx.run('UPDATE licences SET ends_on = $1 WHERE id = $2', [ends_on, id]);
      return toLicence({ ...current, ends_on });
    });
  }

  async planOfOwner(ownerUserId: string | null, day: LocalDate): Promise<LicencePlan> {
    const row = await this.db.get<PlanRow>(
      `SELECT ${PLAN_COLUMNS.replace(/(\w+)/g, 'p.$1')} FROM licence_plans p WHERE p.id = ${planIdOfOwner('CAST($1 AS TEXT)', '$2')}`,
      [ownerUserId, formatLocalDate(day)],
    );
    if (!row) throw new Error('the default licence plan is missing');
    return toPlan(row);
  }
}

/** Every licence the user was ever given, by first day; on a transaction's statements where the caller is in one. */
export async function licencesOfUser(db: SqlStatements, userId: string): Promise<Licence[]> {
  return (await db.all<LicenceRow>(SELECT_LICENCES_OF_USER, [userId])).map(toLicence);
}

/** The licences running on some day of `from`..`to`, with the user's and the plan's names (the charge report's licence lines). */
export function licencesRunning(db: SqlStatements, organisationId: string | null, from: string, to: string): Promise<RunningLicence[]> {
  return db.all<RunningLicence>(
    `SELECT l.id AS "licenceId", l.organisation_id AS "organisationId", l.user_id AS "userId", u.name AS "userName",
            l.plan_id AS "planId", p.name AS "planName", l.price_ore_per_year AS "priceOrePerYear",
            l.starts_on AS "startsOn", l.ends_on AS "endsOn"
     FROM licences l JOIN users u ON u.id = l.user_id JOIN licence_plans p ON p.id = l.plan_id
     WHERE (CAST($1 AS TEXT) IS NULL OR l.organisation_id = $1) AND l.starts_on <= $3 AND (l.ends_on IS NULL OR l.ends_on >= $2)
     ORDER BY l.organisation_id, l.starts_on, l.id`,
    [organisationId, from, to],
  );
}

function toPlan(row: PlanRow): LicencePlan {
  return {
    id: row.id,
    name: row.name,
    priceOrePerYear: row.price_ore_per_year,
    maxParticipants: row.max_participants,
    groupTimeLimitMinutes: row.group_time_limit_minutes,
  };
}

function toPlanRow(plan: LicencePlan): PlanRow {
  return {
    id: plan.id,
    name: plan.name,
    price_ore_per_year: plan.priceOrePerYear,
    max_participants: plan.maxParticipants,
    group_time_limit_minutes: plan.groupTimeLimitMinutes,
  };
}

function toLicence(row: LicenceRow): Licence {
  return {
    id: row.id,
    userId: row.user_id,
    organisationId: row.organisation_id,
    planId: row.plan_id,
    priceOrePerYear: row.price_ore_per_year,
    startsOn: dateOf(row.starts_on),
    endsOn: row.ends_on === null ? null : dateOf(row.ends_on),
    createdAt: row.created_at,
  };
}

function dateOf(text: string): LocalDate {
  const date = parseLocalDate(text);
  if (!date) throw new Error(`bad date in licences: ${text}`);
  return date;
}
