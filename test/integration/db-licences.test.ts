import { expect, it } from 'vitest';
import { LicencesRepository } from '../../src/adapters/db/licences-repository';
import { OrganisationsRepository } from '../../src/adapters/db/organisations-repository';
import { UsersRepository } from '../../src/adapters/db/users-repository';
import type { SqlDatabase } from '../../src/adapters/db/sql/sql-database';
import type { Licence } from '../../src/app/ports/licence-store';
import { parseLocalDate, type LocalDate } from '../../src/domain/billing/calendar';
import {
  assignmentRefusal,
  endRefusal,
  isLicenceRefusal,
  sharedMailboxRefusal,
  type LicenceHolder,
} from '../../src/domain/licensing/licence-rules';
import { describeEachStore } from '../support/stores-under-test';

const T0 = Date.UTC(2026, 0, 5, 9);
const date = (text: string): LocalDate => parseLocalDate(text) as LocalDate;
const ENTERPRISE = { id: 'enterprise', name: 'Enterprise', priceOrePerYear: 186_000, maxParticipants: 500, groupTimeLimitMinutes: null };
const BASIC = { id: 'basic', name: 'Basic', priceOrePerYear: 0, maxParticipants: 100, groupTimeLimitMinutes: 40 };
const UNLIMITED = { id: 'unlimited', name: 'Unlimited', priceOrePerYear: 0, maxParticipants: null, groupTimeLimitMinutes: null };

async function people(db: SqlDatabase) {
  const organisations = new OrganisationsRepository(db);
  const users = new UsersRepository(db);
  const acme = await organisations.create({ name: 'Acme', billingReference: '912345678', resellerOrganisationId: null }, T0);
  const other = await organisations.create({ name: 'Other', billingReference: '987654321', resellerOrganisationId: null }, T0);
  return {
    acme,
    other,
    ada: await users.create({ organisationId: acme.id, name: 'Ada', email: null, role: 'user' }, T0),
    bo: await users.create({ organisationId: other.id, name: 'Bo', email: null, role: 'user' }, T0),
    post: await users.create({ organisationId: acme.id, name: 'Post', email: null, role: 'user', sharedMailbox: true }, T0),
  };
}

function licenceOf(user: { id: string; organisationId: string }, startsOn: string, endsOn: string | null): Omit<Licence, 'id'> {
  return {
    userId: user.id,
    organisationId: user.organisationId,
    planId: 'enterprise',
    priceOrePerYear: 186_000,
    startsOn: date(startsOn),
    endsOn: endsOn === null ? null : date(endsOn),
    createdAt: T0,
  };
}

const noRefusal = () => null;

describeEachStore('the licence store', (store) => {
  it('keeps the plans and the default plan', async () => {
    const licences = new LicencesRepository(await store.open());
    expect(await licences.plans()).toEqual([BASIC, UNLIMITED, ENTERPRISE]);
    expect(await licences.defaultPlanId()).toBe('unlimited');

    const team = { id: 'team', name: 'Team', priceOrePerYear: 50_000, maxParticipants: 20, groupTimeLimitMinutes: null };
    expect(await licences.createPlan(team, T0)).toEqual(team);
    expect(await licences.createPlan({ ...team, name: 'Again' }, T0)).toBe('exists');
    expect(await licences.plan('team')).toEqual(team);
    expect(await licences.updatePlan('team', { name: 'Team+', groupTimeLimitMinutes: 60 }, T0 + 1)).toEqual({
      ...team,
      name: 'Team+',
      groupTimeLimitMinutes: 60,
    });
    expect(await licences.updatePlan('none', { name: 'x' }, T0)).toBeNull();
    expect(await licences.plan('none')).toBeNull();

    await licences.setDefaultPlan('basic', T0);
    expect(await licences.defaultPlanId()).toBe('basic');
  });

  it('assigns, finds and ends licences, by user and by organisation', async () => {
    const db = await store.open();
    const { acme, other, ada, bo } = await people(db);
    const licences = new LicencesRepository(db);
    const first = (await licences.assign(licenceOf(ada, '2026-01-01', '2026-01-31'), noRefusal)) as Licence;
    const second = (await licences.assign(licenceOf(ada, '2026-03-01', null), noRefusal)) as Licence;
    const bos = (await licences.assign(licenceOf(bo, '2026-02-01', null), noRefusal)) as Licence;

    expect(await licences.get(first.id)).toEqual(first);
    expect(await licences.get('lic-none')).toBeNull();
    expect(await licences.licencesOf(ada.id)).toEqual([first, second]);

    const february = [date('2026-02-01'), date('2026-02-28')] as const;
    expect(await licences.licencesOfOrganisations(new Set([acme.id]), ...february)).toEqual([]);
    const byOrganisation = [first, second, bos].sort((a, b) => (a.organisationId < b.organisationId ? -1 : 1));
    expect(await licences.licencesOfOrganisations(new Set([acme.id, other.id]), date('2026-01-31'), date('2026-03-01'))).toEqual(
      byOrganisation,
    );
    expect(await licences.licencesOfOrganisations('all', ...february)).toEqual([bos]);
    expect(await licences.licencesOfOrganisations(new Set(), date('1970-01-01'), date('9999-12-31'))).toEqual([]);

    const ended = await licences.end(second.id, date('2026-03-31'), noRefusal);
    expect(ended).toEqual({ ...second, endsOn: date('2026-03-31') });
    expect(await licences.licencesOfOrganisations(new Set([acme.id]), date('2026-04-01'), date('2026-04-30'))).toEqual([]);
    expect(await licences.end('lic-none', date('2026-03-31'), noRefusal)).toBeNull();
  });

  it('never lets a user become a shared mailbox and get a licence at the same time: one of the two is refused', async () => {
    const db = await store.open();
    const { acme } = await people(db);
    const users = new UsersRepository(db);
    // On PostgreSQL the two run on connections of their own, truly at once.
    const licences = new LicencesRepository(await store.another(db));
    const today = date('2026-01-05');
    const people20 = await Promise.all(
      Array.from({ length: 20 }, (_, i) => users.create({ organisationId: acme.id, name: `Person ${i}`, email: null, role: 'user' }, T0)),
    );

    const outcomes = await Promise.all(
      people20.map(async (person) => {
        const wanted = licenceOf(person, '2026-01-05', null);
        const [assigned, marked] = await Promise.all([
          licences.assign(wanted, (holder, held) => assignmentRefusal(holder, held, wanted)),
          users.update(person.id, { sharedMailbox: true }, (held) => sharedMailboxRefusal(held, today)),
        ]);
        return { person, assigned, marked };
      }),
    );

    for (const { person, assigned, marked } of outcomes) {
      const refusals = [assigned, marked].filter(isLicenceRefusal);
      expect(refusals, person.name).toHaveLength(1);
      const mailbox = (await users.get(person.id))?.sharedMailbox;
      const running = (await licences.licencesOf(person.id)).filter((licence) => licence.endsOn === null);
      // Exactly one side took effect, and it is the one that was not refused.
      expect({ mailbox, licences: running.length }, person.name).toEqual(
        isLicenceRefusal(assigned) ? { mailbox: true, licences: 0 } : { mailbox: false, licences: 1 },
      );
    }
  });

  it('writes nothing the rules refuse: one of three assignments at once, no end moved later', async () => {
    const db = await store.open();
    const { ada } = await people(db);
    const licences = new LicencesRepository(db);
    const wanted = licenceOf(ada, '2026-02-01', null);
    const rules = (holder: LicenceHolder | null, held: Licence[]) => assignmentRefusal(holder, held, wanted);

    const outcomes = await Promise.all([1, 2, 3].map(() => licences.assign(wanted, rules)));

    const given = outcomes.filter((outcome) => 'id' in outcome);
    expect(given).toHaveLength(1);
    expect(outcomes.filter((outcome) => 'kind' in outcome)).toHaveLength(2);
    expect(await licences.licencesOf(ada.id)).toEqual(given);

    // Ended on two days at once: never later than the earlier one, whichever is written first.
    const id = (given[0] as Licence).id;
    const ends = ['2026-03-31', '2026-03-15'].map((day) => licences.end(id, date(day), (licence) => endRefusal(licence, date(day))));
    await Promise.all(ends);
    expect((await licences.get(id))?.endsOn).toEqual(date('2026-03-15'));
  });

  it('gives a room the plan of its owner on the day, else the default', async () => {
    const db = await store.open();
    const { ada, post } = await people(db);
    const licences = new LicencesRepository(db);
    await licences.assign(licenceOf(ada, '2026-02-01', '2026-02-28'), noRefusal);
    await licences.assign(licenceOf(post, '2026-02-01', null), noRefusal);
    await licences.setDefaultPlan('basic', T0);

    expect(await licences.planOfOwner(ada.id, date('2026-02-01'))).toEqual(ENTERPRISE);
    expect(await licences.planOfOwner(ada.id, date('2026-02-28'))).toEqual(ENTERPRISE);
    expect(await licences.planOfOwner(ada.id, date('2026-03-01'))).toEqual(BASIC);
    expect(await licences.planOfOwner(post.id, date('2026-02-10'))).toEqual(BASIC);
    expect(await licences.planOfOwner(null, date('2026-02-10'))).toEqual(BASIC);
  });
});
