/**
 * Why a conference (or an access number) cannot be provisioned as asked. A refusal is a value, not
 * an exception: the app turns it into its own error once, and the edges (HTTP,
 * command line) say it in their words. `field` names the input at fault;
 * messages never contain code digits.
 */
export interface ProvisioningRefusal {
  kind: 'refused';
  code: ProvisioningRefusalCode;
  field: string;
  message: string;
}

export type ProvisioningRefusalCode =
  /** The code is already used by an active conference (which one is not said). */
  | 'code-in-use'
  /** A given code is not 6–12 digits. */
  | 'invalid-code'
  /** The leader and participant codes are the same. */
  | 'same-codes'
  /** A code role that the conference does not have (e.g. `single` on a pair). */
  | 'wrong-code-role'
  | 'unknown-organisation'
  /** The owner does not exist or belongs to another organisation. */
  | 'unknown-owner'
  | 'invalid-validity-window'
  | 'invalid-time-zone'
  | 'invalid-max-duration'
  /** A room whose type always requires admission (sensitive) asked not to. */
  | 'admission-always-required'
  /** An access number (or its international form) that is not digits as it should be. */
  | 'invalid-access-number'
  /** An access number's label that is empty or too long. */
  | 'invalid-label'
  /** A downgrade or a deletion inside the room's binding period (room-subscription.ts). */
  | 'bound';

export function refusal(code: ProvisioningRefusalCode, field: string, message: string): ProvisioningRefusal {
  return { kind: 'refused', code, field, message };
}

export function isRefusal(outcome: unknown): outcome is ProvisioningRefusal {
  return typeof outcome === 'object' && outcome !== null && 'kind' in outcome && outcome.kind === 'refused';
}
