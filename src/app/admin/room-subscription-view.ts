import { formatLocalDate } from '../../domain/billing/calendar';
import type { RoomSubscriptionStatus } from './conference-provisioning';
import { isoInstant, isoInstantOrNull } from './admin-views';

/** A room's subscription as the admin API returns it and the command line prints it. */
export function roomSubscriptionView(subscription: RoomSubscriptionStatus) {
  return {
    conferenceId: subscription.conferenceId,
    organisationId: subscription.organisationId,
    startedAt: isoInstant(subscription.startedAt),
    bindingMonths: subscription.bindingMonths,
    bindingEndsOn: subscription.bindingEndsOn === null ? null : formatLocalDate(subscription.bindingEndsOn),
    endedAt: isoInstantOrNull(subscription.endedAt),
    endedBy: subscription.ended?.by ?? null,
    endBindingOverride: subscription.ended?.bindingOverride ?? null,
    types: subscription.types.map((change) => ({
      roomType: change.roomType,
      from: isoInstant(change.at),
      by: change.by,
      bindingOverride: change.bindingOverride,
    })),
  };
}
