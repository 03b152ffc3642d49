import { LOCAL_OPERATOR } from '../app/admin/roles';
import { licenceView } from '../app/licensing/licensing-service';
import { parseLocalDate, type LocalDate } from '../domain/billing/calendar';
import { loadCliConfig, withServices } from './cli-database';
import { type CliContext, commandGroup, UsageError } from './command-group';
import { parseOptions, requiredOption } from './parse-options';

export const licencesCommand = commandGroup(
  [
    'licences plans',
    'licences plan-add --id ID --name NAME --price-ore N [--max-participants N] [--group-limit-minutes N]',
    'licences default --plan ID',
    'licences assign --user ID --plan ID [--from YYYY-MM-DD]',
    'licences list --user ID | --organisation ID',
    'licences end --id LICENCE [--on YYYY-MM-DD]',
  ],
  { plans: listPlans, 'plan-add': addPlan, default: setDefault, assign, list: listLicences, end: endLicence },
  'command',
  { planId: '--plan', userId: '--user', startsOn: '--from', endsOn: '--on' },
);

const noCodes = { hashesCodes: false };

async function listPlans(args: string[], context: CliContext): Promise<void> {
  parseOptions(args, {});
  const plans = await withServices(context, loadCliConfig(context.env), noCodes, async ({ admin }) => {
    const defaultId = (await admin.licensing.defaultPlan()).id;
    return (await admin.licensing.plans()).map((plan) => ({ ...plan, currency: 'NOK', isDefault: plan.id === defaultId }));
  });
  context.out(JSON.stringify(plans, null, 2));
}

async function addPlan(args: string[], context: CliContext): Promise<void> {
  const options = parseOptions(args, {
    id: { type: 'string' },
    name: { type: 'string' },
    'price-ore': { type: 'string' },
    'max-participants': { type: 'string' },
    'group-limit-minutes': { type: 'string' },
  });
  const plan = {
    id: requiredOption('--id', options.id),
    name: requiredOption('--name', options.name),
    priceOrePerYear: count('--price-ore', requiredOption('--price-ore', options['price-ore'])),
    maxParticipants: options['max-participants'] === undefined ? null : count('--max-participants', options['max-participants']),
    groupTimeLimitMinutes:
      options['group-limit-minutes'] === undefined ? null : count('--group-limit-minutes', options['group-limit-minutes']),
  };
  if (!/^[a-z][a-z0-9-]{0,39}$/.test(plan.id)) throw new UsageError('--id must be a-z, 0-9 and -');
  const created = await withServices(context, loadCliConfig(context.env), noCodes, ({ admin }) =>
    admin.licensing.createPlan(LOCAL_OPERATOR, plan),
  );
  context.out(JSON.stringify(created, null, 2));
}

async function setDefault(args: string[], context: CliContext): Promise<void> {
  const options = parseOptions(args, { plan: { type: 'string' } });
  const planId = requiredOption('--plan', options.plan);
  const plan = await withServices(context, loadCliConfig(context.env), noCodes, ({ admin }) =>
    admin.licensing.setDefaultPlan(LOCAL_OPERATOR, planId),
  );
  context.out(`rooms whose owner holds no licence now run under ${plan.id}`);
}

async function assign(args: string[], context: CliContext): Promise<void> {
  const options = parseOptions(args, { user: { type: 'string' }, plan: { type: 'string' }, from: { type: 'string' } });
  const userId = requiredOption('--user', options.user);
  const planId = requiredOption('--plan', options.plan);
  const startsOn = options.from === undefined ? undefined : date('--from', options.from);
  const licence = await withServices(context, loadCliConfig(context.env), noCodes, ({ admin }) =>
    admin.licensing.assign(LOCAL_OPERATOR, userId, { planId, ...(startsOn ? { startsOn } : {}) }),
  );
  context.out(JSON.stringify(licenceView(licence), null, 2));
}

async function listLicences(args: string[], context: CliContext): Promise<void> {
  const options = parseOptions(args, { user: { type: 'string' }, organisation: { type: 'string' } });
  if ((options.user === undefined) === (options.organisation === undefined)) throw new UsageError('give --user or --organisation');
  const licences = await withServices(context, loadCliConfig(context.env), noCodes, ({ admin }) =>
    options.user !== undefined
      ? admin.licensing.licencesOfUser(LOCAL_OPERATOR, options.user)
      : admin.licensing.licencesOfOrganisation(LOCAL_OPERATOR, options.organisation as string),
  );
  context.out(JSON.stringify(licences.map(licenceView), null, 2));
}

async function endLicence(args: string[], context: CliContext): Promise<void> {
  const options = parseOptions(args, { id: { type: 'string' }, on: { type: 'string' } });
  const id = requiredOption('--id', options.id);
  const endsOn = options.on === undefined ? undefined : date('--on', options.on);
  const licence = await withServices(context, loadCliConfig(context.env), noCodes, ({ admin }) =>
    admin.licensing.end(LOCAL_OPERATOR, id, endsOn),
  );
  context.out(JSON.stringify(licenceView(licence), null, 2));
}

function count(option: string, text: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`${option} must be a whole number`);
  return Number(text);
}

function date(option: string, text: string): LocalDate {
  const parsed = parseLocalDate(text);
  if (parsed === null) throw new UsageError(`${option} must be a date YYYY-MM-DD`);
  return parsed;
}
