import type { Tariff } from '../../domain/billing/tariff';
import { formatVatPercent, VAT_ROUNDING_RULE } from '../../domain/billing/vat';
import type { Adjustment } from '../ports/billing-store';

/**
 * Tariffs, the VAT rate and adjustments as the command line prints them and
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

export function vatRateView(basisPoints: number) {
  return { vatRateBasisPoints: basisPoints, vatPercent: formatVatPercent(basisPoints), rule: VAT_ROUNDING_RULE };
}
