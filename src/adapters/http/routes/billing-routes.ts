import { z } from 'zod';
import type { BillingAccess } from '../../../app/billing/billing-access';
import { adjustmentView, roomPriceView, tariffView, vatRateView } from '../../../app/billing/billing-views';
import { localDateSchema } from '../../../app/billing/local-date-schema';
import { compareLocalDates, localInstantFormatter } from '../../../domain/billing/calendar';
import { ROUNDING_MODES } from '../../../domain/billing/rounding';
import { PRICED_ROOM_TYPES } from '../../../domain/room-types';
import { objectId, organisationParams } from '../request-schemas';
import { listOf } from '../response-schemas';
import { defineRoute, type Route } from '../route';
import { REPORT_READERS } from './role-sets';

const localInstant = z.iso.datetime({ offset: true }).meta({ description: 'local ISO 8601 date-time with offset' });

const tariffResponse = z.object({
  id: z.string(),
  organisationId: z.string().nullable().meta({ description: 'null: the default for every account' }),
  effectiveFrom: localInstant,
  rateOrePerMinute: z.int(),
  rounding: z.enum(ROUNDING_MODES),
  currency: z.literal('NOK'),
});

const adjustmentResponse = z.object({
  id: z.string(),
  organisationId: z.string(),
  meetingId: z.string().nullable(),
  legId: z.string().nullable(),
  amountOre: z.int().meta({ description: 'signed: a credit is negative' }),
  reason: z.string(),
  createdBy: z.string().meta({ description: 'the id of the user who made it' }),
  effectiveAt: localInstant,
  createdAt: localInstant,
});

const vatRateResponse = z.object({
  id: z.string(),
  effectiveFrom: localInstant,
  vatRateBasisPoints: z.int(),
  vatPercent: z.string(),
  rule: z.string(),
});

const roomPriceResponse = z.object({
  id: z.string(),
  roomType: z.enum(PRICED_ROOM_TYPES),
  effectiveFrom: localInstant,
  priceOrePerMonth: z.int().meta({ description: 'excl. VAT' }),
  currency: z.literal('NOK'),
});

const createTariffBody = z.strictObject({
  organisationId: objectId.nullable().default(null).meta({ description: 'null or left out: the default for every account' }),
  effectiveFrom: localDateSchema.meta({
    description: 'the rate applies from the start of this day (configured time zone); not in the past',
  }),
  rateOrePerMinute: z.int().min(0).max(100_000),
  rounding: z.enum(ROUNDING_MODES).default('per-started-minute'),
});

const createVatRateBody = z.strictObject({
  effectiveFrom: localDateSchema.meta({
    description: 'the rate applies from the start of this day (configured time zone); not in the past',
  }),
  vatRateBasisPoints: z.int().min(0).max(10_000).meta({ description: '2500 = 25 %' }),
});

const createRoomPriceBody = z.strictObject({
  roomType: z.enum(PRICED_ROOM_TYPES).meta({ description: 'a room type sold by the month (the unlimited room is charged per minute)' }),
  effectiveFrom: localDateSchema.meta({
    description: 'the price applies from the start of this day (configured time zone); not in the past',
  }),
  priceOrePerMonth: z.int().min(0).max(100_000_000).meta({ description: 'excl. VAT' }),
});

const createAdjustmentBody = z
  .strictObject({
    amountOre: z
      .int()
      .min(-100_000_000)
      .max(100_000_000)
      .refine((amount) => amount !== 0, 'must not be zero')
      .meta({ description: 'signed øre: a credit is negative' }),
    reason: z.string().trim().min(1).max(500),
    meetingId: objectId.optional(),
    legId: objectId.optional(),
  })
  .refine((body) => body.meetingId === undefined || body.legId === undefined, {
    path: ['legId'],
    message: 'give meetingId or legId, not both: a leg names its meeting',
  });

const optionalPeriodQuery = z
  .strictObject({ from: localDateSchema.optional(), to: localDateSchema.optional() })
  .refine((query) => (query.from === undefined) === (query.to === undefined), {
    path: ['to'],
    message: 'give both from and to, or neither',
  })
  .refine((query) => !query.from || !query.to || compareLocalDates(query.from, query.to) <= 0, {
    path: ['to'],
    message: 'must not be before from',
  });

/** Tariffs, VAT rates, room prices and adjustments (see createBillingAccess for who may do what). */
export function billingRoutes(services: { billing: BillingAccess }): Route[] {
  const { billing } = services;
  const tag = 'billing';
  const formatInstant = localInstantFormatter(billing.timeZone);
  return [
    defineRoute({
      method: 'get',
      path: '/tariffs',
      tag,
      summary: 'Every tariff: the defaults and each account’s own',
      roles: ['operator'],
      response: { status: 200, description: 'the tariffs by effective date', schema: listOf('tariffs', tariffResponse) },
      handle: async () => ({
        status: 200,
        json: { tariffs: (await billing.allTariffs()).map((tariff) => tariffView(tariff, formatInstant)) },
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/tariffs',
      tag,
      summary: 'Add a rate from a day on (for one account, or the default for all)',
      description:
        'A tariff is never changed and never retroactive: legs are rated at the tariff in force when they entered the ' +
        'meeting, so a new rate applies only to legs from its day on. One tariff per account and day.',
      roles: ['operator'],
      body: createTariffBody,
      response: { status: 201, description: 'the new tariff', schema: tariffResponse },
      handle: async ({ body }) => ({
        status: 201,
        json: tariffView(
          await billing.addTariff({
            organisationId: body.organisationId,
            from: body.effectiveFrom,
            rateOrePerMinute: body.rateOrePerMinute,
            rounding: body.rounding,
          }),
          formatInstant,
        ),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/organisations/:organisationId/tariffs',
      tag,
      summary: 'The tariffs that rate an organisation: its own and the defaults',
      roles: REPORT_READERS,
      params: organisationParams,
      response: { status: 200, description: 'the tariffs by effective date', schema: listOf('tariffs', tariffResponse) },
      handle: async ({ principal, params }) => ({
        status: 200,
        json: { tariffs: (await billing.tariffsOf(principal, params.organisationId)).map((tariff) => tariffView(tariff, formatInstant)) },
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/vat-rate',
      tag,
      summary: 'The VAT rate in force now, and its rounding rule',
      roles: REPORT_READERS,
      response: { status: 200, description: 'the VAT rate', schema: vatRateResponse },
      handle: async () => ({ status: 200, json: vatRateView(await billing.currentVatRate(), formatInstant) }),
    }),
    defineRoute({
      method: 'get',
      path: '/vat-rates',
      tag,
      summary: 'Every VAT rate, each in force from its day until the next',
      roles: REPORT_READERS,
      response: { status: 200, description: 'the VAT rates by effective date', schema: listOf('vatRates', vatRateResponse) },
      handle: async () => ({ status: 200, json: { vatRates: (await billing.vatRates()).map((rate) => vatRateView(rate, formatInstant)) } }),
    }),
    defineRoute({
      method: 'post',
      path: '/vat-rates',
      tag,
      summary: 'Add a VAT rate from a day on',
      description:
        'A VAT rate is never changed and never retroactive: each meeting carries the rate in force when it started, an ' +
        'adjustment that of the meeting it corrects, so a report of an earlier period keeps its figures. One rate per day.',
      roles: ['operator'],
      body: createVatRateBody,
      response: { status: 201, description: 'the new VAT rate', schema: vatRateResponse },
      handle: async ({ body }) => ({
        status: 201,
        json: vatRateView(await billing.addVatRate({ from: body.effectiveFrom, basisPoints: body.vatRateBasisPoints }), formatInstant),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/room-prices',
      tag,
      summary: 'Every room price: each room type’s monthly price from its day until the next',
      roles: REPORT_READERS,
      response: { status: 200, description: 'the room prices by effective date', schema: listOf('roomPrices', roomPriceResponse) },
      handle: async () => ({
        status: 200,
        json: { roomPrices: (await billing.roomPrices()).map((price) => roomPriceView(price, formatInstant)) },
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/room-prices',
      tag,
      summary: 'Add a room type’s monthly price from a day on',
      description:
        'A room price is never changed and never retroactive: each day of a room’s subscription is charged at the price of ' +
        'its type in force that day, so a report of an earlier month keeps its figures. One price per room type and day.',
      roles: ['operator'],
      body: createRoomPriceBody,
      response: { status: 201, description: 'the new room price', schema: roomPriceResponse },
      handle: async ({ body }) => ({
        status: 201,
        json: roomPriceView(
          await billing.addRoomPrice({ roomType: body.roomType, from: body.effectiveFrom, priceOrePerMonth: body.priceOrePerMonth }),
          formatInstant,
        ),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/organisations/:organisationId/adjustments',
      tag,
      summary: 'The corrections of an organisation’s charges, all or those of a period',
      roles: REPORT_READERS,
      params: organisationParams,
      query: optionalPeriodQuery,
      response: { status: 200, description: 'the adjustments by effective instant', schema: listOf('adjustments', adjustmentResponse) },
      handle: async ({ principal, params, query }) => {
        const period = query.from && query.to ? { from: query.from, to: query.to } : undefined;
        const adjustments = await billing.adjustmentsOf(principal, params.organisationId, period);
        return { status: 200, json: { adjustments: adjustments.map((adjustment) => adjustmentView(adjustment, formatInstant)) } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/organisations/:organisationId/adjustments',
      tag,
      summary: 'Correct an organisation’s charges with a signed amount and a reason',
      description:
        'Charges are never rewritten: a correction is a separate line, signed by the caller, effective now (it is on ' +
        'the report of the current period). It may name a meeting or a leg of the organisation. The operator corrects ' +
        'any account, a reseller the accounts it resells.',
      roles: ['operator', 'reseller'],
      params: organisationParams,
      body: createAdjustmentBody,
      response: { status: 201, description: 'the adjustment', schema: adjustmentResponse },
      handle: async ({ principal, params, body }) => ({
        status: 201,
        json: adjustmentView(await billing.addAdjustment(principal, { organisationId: params.organisationId, ...body }), formatInstant),
      }),
    }),
  ];
}
