import { formatLocalDate, parseLocalDate, type LocalDate } from '../../domain/billing/calendar';
import type { LicencePlan } from '../../domain/licensing/licence-plans';
import type { Licence, LicenceStore } from '../../app/ports/licence-store';
import type { RunningLicence } from '../../app/ports/charge-report-source';
import type { Database } from './database';
import type { SqlStatements } from './sql/sql-database';
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

/** Licence plans, the default plan and personal licences (`0006_licences.sql`). Local dates are stored as `YYYY-MM-DD`, which sort as dates. */
export class LicencesRepository implements LicenceStore {
  private readonly selectPlans;
  private readonly selectPlan;
  private readonly insertPlan;
  private readonly updatePlanRow;
  private readonly selectDefault;
  private readonly updateDefault;
  private readonly selectLicence;
  private readonly selectOfUser;
  private readonly selectOfOrganisations;
  private readonly insertLicence;
  private readonly updateEnd;
  private readonly selectPlanOfOwner;

  constructor(private readonly db: Database) {
    this.selectPlans = db.prepare<[], PlanRow>(`SELECT ${PLAN_COLUMNS} FROM licence_plans ORDER BY price_ore_per_year, id`);
    this.selectPlan = db.prepare<[string], PlanRow>(`SELECT ${PLAN_COLUMNS} FROM licence_plans WHERE id = ?`);
    this.insertPlan = db.prepare<[PlanRow & { at: number }]>(
      `INSERT INTO licence_plans (${PLAN_COLUMNS}, created_at, updated_at)
       VALUES (@id, @name, @price_ore_per_year, @max_participants, @group_time_limit_minutes, @at, @at)`,
    );
    this.updatePlanRow = db.prepare<[PlanRow & { at: number }]>(
      `UPDATE licence_plans SET name = @name, price_ore_per_year = @price_ore_per_year, max_participants = @max_participants,
         group_time_limit_minutes = @group_time_limit_minutes, updated_at = @at WHERE id = @id`,
    );
    this.selectDefault = db.prepare<[], { default_plan_id: string }>('SELECT default_plan_id FROM licence_settings WHERE id = 1');
    this.updateDefault = db.prepare<[string, number]>('UPDATE licence_settings SET default_plan_id = ?, updated_at = ? WHERE id = 1');
    this.selectLicence = db.prepare<[string], LicenceRow>(`SELECT ${LICENCE_COLUMNS} FROM licences WHERE id = ?`);
    this.selectOfUser = db.prepare<[string], LicenceRow>(
      `SELECT ${LICENCE_COLUMNS} FROM licences WHERE user_id = ? ORDER BY starts_on, id`,
    );
    this.selectOfOrganisations = db.prepare<[{ ids: string | null; from: string; to: string }], LicenceRow>(
      `SELECT ${LICENCE_COLUMNS} FROM licences
       WHERE (@ids IS NULL OR organisation_id IN (SELECT value FROM json_each(@ids)))
         AND starts_on <= @to AND (ends_on IS NULL OR ends_on >= @from)
       ORDER BY organisation_id, starts_on, id`,
    );
    this.insertLicence = db.prepare<[LicenceRow]>(`INSERT INTO licences (${LICENCE_COLUMNS})
       VALUES (@id, @user_id, @organisation_id, @plan_id, @price_ore_per_year, @starts_on, @ends_on, @created_at)`);
    this.updateEnd = db.prepare<[string, string]>('UPDATE licences SET ends_on = ? WHERE id = ?');
    this.selectPlanOfOwner = db.prepare<[{ owner: string | null; day: string }], PlanRow>(
      `SELECT ${PLAN_COLUMNS.replace(/(\w+)/g, 'p.$1')} FROM licence_plans p
       WHERE p.id = ${planIdOfOwner('@owner', '@day')}`,
    );
  }

  plans(): LicencePlan[] {
    return this.selectPlans.all().map(toPlan);
  }

  plan(id: string): LicencePlan | null {
    const row = this.selectPlan.get(id);
    return row ? toPlan(row) : null;
  }

  createPlan(plan: LicencePlan, at: number): LicencePlan | 'exists' {
    return this.db.transaction(() => {
      if (this.selectPlan.get(plan.id)) return 'exists' as const;
      this.insertPlan.run({ ...toPlanRow(plan), at });
      return plan;
    })();
  }

  updatePlan(id: string, patch: Partial<Omit<LicencePlan, 'id'>>, at: number): LicencePlan | null {
    return this.db.transaction(() => {
      const row = this.selectPlan.get(id);
      if (!row) return null;
      const plan: LicencePlan = { ...toPlan(row), ...patch };
      this.updatePlanRow.run({ ...toPlanRow(plan), at });
      return plan;
    })();
  }

  defaultPlanId(): string {
    return this.selectDefault.get()?.default_plan_id ?? 'unlimited';
  }

  setDefaultPlan(id: string, at: number): void {
    this.updateDefault.run(id, at);
  }

  get(id: string): Licence | null {
    const row = this.selectLicence.get(id);
    return row ? toLicence(row) : null;
  }

  licencesOf(userId: string): Licence[] {
    return this.selectOfUser.all(userId).map(toLicence);
  }

  licencesOfOrganisations(organisationIds: ReadonlySet<string> | 'all', from: LocalDate, to: LocalDate): Licence[] {
    return this.selectOfOrganisations
      .all({
        ids: organisationIds === 'all' ? null : JSON.stringify([...organisationIds]),
        from: formatLocalDate(from),
        to: formatLocalDate(to),
      })
      .map(toLicence);
  }

  assign(licence: Omit<Licence, 'id'>): Licence {
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
    this.insertLicence.run(row);
    return toLicence(row);
  }

  end(id: string, endsOn: LocalDate): Licence | null {
    this.updateEnd.run(formatLocalDate(endsOn), id);
    return this.get(id);
  }

  planOfOwner(ownerUserId: string | null, day: LocalDate): LicencePlan {
    const row = this.selectPlanOfOwner.get({ owner: ownerUserId, day: formatLocalDate(day) });
    if (!row) throw new Error('the default licence plan is missing');
    return toPlan(row);
  }
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
