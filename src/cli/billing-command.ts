import type { BillingManagement } from '../app/billing/billing-management';
import { adjustmentView, roomPriceView, tariffView, vatRateView } from '../app/billing/billing-views';
import { compareLocalDates, isValidTimeZone, localInstantFormatter, parseLocalDate, type LocalDate } from '../domain/billing/calendar';
import { isBillingRefusal, type BillingRefusal } from '../domain/billing/billing-refusal';
import { ROUNDING_MODES, type RoundingMode } from '../domain/billing/rounding';
import { PRICED_ROOM_TYPES, type RoomType } from '../domain/room-types';
import { loadCliConfig, withServices } from './cli-database';
import { type CommandContext, commandGroup, UsageError } from './command-group';
import { parseOptions, requiredOption } from './parse-options';

/**
 * Finance's settings from the command line: tariffs, the VAT rate, room
 * prices and adjustments. Each prints what it stored or found as JSON; dates are
 * calendar days in KVORUM_TIME_ZONE.
 */
export const tariffsCommand = commandGroup(
  [
    `tariffs add --rate-ore ORE_PER_MINUTE --from YYYY-MM-DD [--account ID] [--rounding ${ROUNDING_MODES.join('|')}]`,
    'tariffs list [--account ID]',
  ],
  { add: addTariff, list: listTariffs },
);

export const vatCommand = commandGroup(['vat set --percent PERCENT --from YYYY-MM-DD', 'vat show', 'vat list'], {
  set: setVat,
  show: showVat,
  list: listVat,
});

export const roomPricesCommand = commandGroup(
  [`room-prices add --room-type ${PRICED_ROOM_TYPES.join('|')} --price-ore ORE_PER_MONTH --from YYYY-MM-DD`, 'room-prices list'],
  { add: addRoomPrice, list: listRoomPrices },
);

export const adjustmentsCommand = commandGroup(
  [
    'adjustments add --account ID --amount-ore=SIGNED_ORE --reason TEXT --by NAME [--meeting ID | --leg ID]',
    'adjustments list --account ID [--from YYYY-MM-DD --to YYYY-MM-DD]',
  ],
  { add: addAdjustment, list: listAdjustments },
);

async function addTariff(args: string[], context: CommandContext): Promise<void> {
  const options = parseOptions(args, {
    'rate-ore': { type: 'string' },
    from: { type: 'string' },
    account: { type: 'string' },
    rounding: { type: 'string' },
  });
  const rateOrePerMinute = requiredInteger('--rate-ore', options['rate-ore']);
  const from = requiredDate('--from', options.from);
  const rounding = roundingMode(options.rounding);
  await withBilling(context, async (billing, formatInstant) => {
    const tariff = accepted(await billing.addTariff({ organisationId: options.account ?? null, from, rateOrePerMinute, rounding }));
    context.out(JSON.stringify(tariffView(tariff, formatInstant), null, 2));
  });
}

async function listTariffs(args: string[], context: CommandContext): Promise<void> {
  const options = parseOptions(args, { account: { type: 'string' } });
  await withBilling(context, async (billing, formatInstant) => {
    const account = options.account ?? null;
    if (account !== null) await requireAccount(billing, account);
    context.out(
      JSON.stringify(
        (await billing.tariffs(account)).map((tariff) => tariffView(tariff, formatInstant)),
        null,
        2,
      ),
    );
  });
}

/** A new VAT rate from a day on; the rates before it keep applying to what was supplied before it. */
async function setVat(args: string[], context: CommandContext): Promise<void> {
  const options = parseOptions(args, { percent: { type: 'string' }, from: { type: 'string' } });
  const basisPoints = percentAsBasisPoints(options.percent);
  const from = requiredDate('--from', options.from);
  await withBilling(context, async (billing, formatInstant) => {
    const rate = accepted(await billing.addVatRate({ from, basisPoints }));
    context.out(JSON.stringify(vatRateView(rate, formatInstant), null, 2));
  });
}

async function showVat(args: string[], context: CommandContext): Promise<void> {
  parseOptions(args, {});
  await withBilling(context, async (billing, formatInstant) =>
    context.out(JSON.stringify(vatRateView(await billing.currentVatRate(), formatInstant), null, 2)),
  );
}

function listVat(args: string[], context: CommandContext): Promise<void> {
  return printAll(args, context, (billing) => billing.vatRates(), vatRateView);
}

/** A room type's new monthly price from a day on; the days before it keep the price they had. */
async function addRoomPrice(args: string[], context: CommandContext): Promise<void> {
  const options = parseOptions(args, { 'room-type': { type: 'string' }, 'price-ore': { type: 'string' }, from: { type: 'string' } });
  const roomType = pricedRoomType(options['room-type']);
  const priceOrePerMonth = requiredInteger('--price-ore', options['price-ore']);
  const from = requiredDate('--from', options.from);
  await withBilling(context, async (billing, formatInstant) => {
    const price = accepted(await billing.addRoomPrice({ roomType, from, priceOrePerMonth }));
    context.out(JSON.stringify(roomPriceView(price, formatInstant), null, 2));
  });
}

function listRoomPrices(args: string[], context: CommandContext): Promise<void> {
  return printAll(args, context, (billing) => billing.roomPrices(), roomPriceView);
}

/** A list command without options: every row of one kind, each as its view, as one JSON array. */
async function printAll<T>(
  args: string[],
  context: CommandContext,
  rows: (billing: BillingManagement) => Promise<T[]>,
  view: (row: T, formatInstant: (instant: number) => string) => unknown,
): Promise<void> {
  parseOptions(args, {});
  await withBilling(context, async (billing, formatInstant) =>
    context.out(
      JSON.stringify(
        (await rows(billing)).map((row) => view(row, formatInstant)),
        null,
        2,
      ),
    ),
  );
}

async function addAdjustment(args: string[], context: CommandContext): Promise<void> {
  const options = parseOptions(args, {
    account: { type: 'string' },
    'amount-ore': { type: 'string' },
    reason: { type: 'string' },
    by: { type: 'string' },
    meeting: { type: 'string' },
    leg: { type: 'string' },
  });
  const organisationId = requiredOption('--account', options.account);
  const amountOre = requiredInteger('--amount-ore', options['amount-ore']);
  const reason = requiredOption('--reason', options.reason?.trim());
  const createdBy = requiredOption('--by', options.by?.trim());
  if (options.meeting !== undefined && options.leg !== undefined) {
    throw new UsageError('give --meeting or --leg, not both: a leg names its meeting');
  }
  await withBilling(context, async (billing, formatInstant) => {
    const adjustment = accepted(
      await billing.addAdjustment({
        organisationId,
        amountOre,
        reason,
        createdBy,
        meetingId: options.meeting,
        legId: options.leg,
      }),
    );
    context.out(JSON.stringify(adjustmentView(adjustment, formatInstant), null, 2));
  });
}

async function listAdjustments(args: string[], context: CommandContext): Promise<void> {
  const options = parseOptions(args, { account: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } });
  const organisationId = requiredOption('--account', options.account);
  if ((options.from === undefined) !== (options.to === undefined)) throw new UsageError('give both --from and --to, or neither');
  const period =
    options.from === undefined ? undefined : { from: requiredDate('--from', options.from), to: requiredDate('--to', options.to) };
  if (period && compareLocalDates(period.from, period.to) > 0) throw new UsageError('--to: must not be before --from');
  await withBilling(context, async (billing, formatInstant) => {
    await requireAccount(billing, organisationId);
    const adjustments = await billing.adjustments(organisationId, period);
    context.out(
      JSON.stringify(
        adjustments.map((adjustment) => adjustmentView(adjustment, formatInstant)),
        null,
        2,
      ),
    );
  });
}

/** Opens the database and runs `work` with finance's settings. */
async function withBilling(
  context: CommandContext,
  work: (billing: BillingManagement, formatInstant: (instant: number) => string) => Promise<void>,
): Promise<void> {
  const config = loadCliConfig(context.env);
  if (!isValidTimeZone(config.timeZone)) throw new UsageError(`KVORUM_TIME_ZONE: unknown time zone ${config.timeZone}`);
  await withServices(context, config, { hashesCodes: false }, ({ billing }) => work(billing, localInstantFormatter(config.timeZone)));
}

/** A change the billing rules refused is the user's to fix: exit code 2 with the rule's words. */
function accepted<T>(outcome: T | BillingRefusal): T {
  if (isBillingRefusal(outcome)) throw new UsageError(outcome.message);
  return outcome;
}

async function requireAccount(billing: BillingManagement, organisationId: string): Promise<void> {
  if (!(await billing.organisationExists(organisationId))) throw new UsageError('--account: no such account');
}

function requiredInteger(option: string, value: string | undefined): number {
  const text = requiredOption(option, value);
  const number = Number(text);
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(number)) throw new UsageError(`${option} must be a whole number of øre`);
  return number;
}

function requiredDate(option: string, value: string | undefined): LocalDate {
  const date = parseLocalDate(requiredOption(option, value));
  if (date === null) throw new UsageError(`${option} must be a date YYYY-MM-DD`);
  return date;
}

function pricedRoomType(value: string | undefined): RoomType {
  const roomType = PRICED_ROOM_TYPES.find((candidate) => candidate === requiredOption('--room-type', value));
  if (roomType === undefined) {
    throw new UsageError(`--room-type must be one of ${PRICED_ROOM_TYPES.join(', ')} (the unlimited room is charged per minute)`);
  }
  return roomType;
}

function roundingMode(value: string | undefined): RoundingMode {
  if (value === undefined) return 'per-started-minute';
  const mode = ROUNDING_MODES.find((candidate) => candidate === value);
  if (mode === undefined) throw new UsageError(`--rounding must be one of ${ROUNDING_MODES.join(', ')}`);
  return mode;
}

/** `25` → 2500, `12.5` → 1250: a percentage with at most two decimals, as basis points. */
function percentAsBasisPoints(value: string | undefined): number {
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(requiredOption('--percent', value));
  if (!match) throw new UsageError('--percent must be a number such as 25 or 12.5');
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}
