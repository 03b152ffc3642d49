import type { Adjustment } from '../../domain/billing/adjustment';
import type { RoomPrice } from '../../domain/billing/room-prices';
import type { Tariff } from '../../domain/billing/tariff';
import { formatVatPercent, VAT_ROUNDING_RULE, type VatRate } from '../../domain/billing/vat';

/**
 * Tariffs, VAT rates, room prices and adjustments as the command line prints them and
 * the admin API returns them: amounts in øre, instants in local ISO 8601 with
 * the offset (as on the charge reports).
 */
export type FormatInstant = (instant: number) => string;

export function tariffView(tariff: Tariff, formatInstant: FormatInstant) {
  return {
    id: tariff.id,
    organisationId: tariff.organisationId,
    effectiveFrom: formatInstant(tariff.effectiveFrom),
    rateOrePerMinute: tariff.rateOrePerMinute,
    rounding: tariff.rounding,
    currency: 'NOK' as const,
  };
}

export function adjustmentView(adjustment: Adjustment, formatInstant: FormatInstant) {
  return {
    ...adjustment,
    effectiveAt: formatInstant(adjustment.effectiveAt),
    createdAt: formatInstant(adjustment.createdAt),
  };
}

export function vatRateView(rate: VatRate, formatInstant: FormatInstant) {
  return {
    id: rate.id,
    effectiveFrom: formatInstant(rate.effectiveFrom),
    vatRateBasisPoints: rate.basisPoints,
    vatPercent: formatVatPercent(rate.basisPoints),
    rule: VAT_ROUNDING_RULE,
  };
}

export function roomPriceView(price: RoomPrice, formatInstant: FormatInstant) {
  return {
    id: price.id,
    roomType: price.roomType,
    effectiveFrom: formatInstant(price.effectiveFrom),
    priceOrePerMonth: price.priceOrePerMonth,
    currency: 'NOK' as const,
  };
}
