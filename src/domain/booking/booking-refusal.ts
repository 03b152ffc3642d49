/**
 * Why a booking cannot be made or changed as asked: a value, like the
 * provisioning refusals. `field` names the input at fault; messages never
 * contain codes.
 */
export interface BookingRefusal {
  kind: 'booking-refused';
  code: BookingRefusalCode;
  field: string;
  message: string;
}

export type BookingRefusalCode =
  | 'invalid-time'
  | 'in-the-past'
  | 'invalid-duration'
  | 'invalid-recurrence'
  | 'overlap'
  | 'unknown-host'
  | 'host-must-be-you'
  | 'host-without-email'
  | 'invalid-invitees'
  | 'too-many-people'
  | 'invalid-window'
  | 'not-an-occurrence'
  | 'cancelled';

export function bookingRefusal(code: BookingRefusalCode, field: string, message: string): BookingRefusal {
  return { kind: 'booking-refused', code, field, message };
}

export function isBookingRefusal(outcome: unknown): outcome is BookingRefusal {
  return typeof outcome === 'object' && outcome !== null && 'kind' in outcome && outcome.kind === 'booking-refused';
}
