import type { CodeRole } from '../conference/conference-settings';
import { assertNever } from '../assert-never';
import { CODE_ROLES_OF_KIND, type CodeKind } from './code-kinds';
import { refusal, type ProvisioningRefusal } from './provisioning-refusal';

/** Codes are 6 to 12 digits; generated ones have 8 unless asked otherwise. */
export const MIN_CODE_LENGTH = 6;
export const MAX_CODE_LENGTH = 12;
export const DEFAULT_CODE_LENGTH = 8;

/** The codes asked for; a code left out is generated. */
export type CodesRequest = { kind: 'pair'; leader?: string; participant?: string } | { kind: 'single'; single?: string };

/** The digits issued: shown to the creator once, never stored in plain text. */
export type IssuedCodes = { kind: 'pair'; leader: string; participant: string } | { kind: 'single'; single: string };

/** One code in clear, with its role: returned once, in the answer that created or reset it. */
export interface IssuedCode {
  role: CodeRole;
  code: string;
}

/**
 * Why the given digits cannot be a code, or null when they can. The message
 * never repeats the digits: codes are secrets.
 */
export function codeDigitsProblem(digits: string): string | null {
  if (!/^[0-9]*$/.test(digits)) return 'must contain digits only';
  if (digits.length < MIN_CODE_LENGTH || digits.length > MAX_CODE_LENGTH) {
    return `must be ${MIN_CODE_LENGTH} to ${MAX_CODE_LENGTH} digits long`;
  }
  return null;
}

/** The request field that carries the code of `role` (`codes.leader`, …), to name it in refusals. */
export function codeField(role: CodeRole): string {
  return `codes.${role}`;
}

/** The given codes of a request, by role, in the order they are issued (leader before participant). */
export function requestedCodes(request: CodesRequest): Array<{ role: CodeRole; given: string | undefined }> {
  const given: Partial<Record<CodeRole, string>> = request;
  return CODE_ROLES_OF_KIND[request.kind].map((role) => ({ role, given: given[role] }));
}

/** A given code must be 6–12 digits; the two codes of a pair must differ. */
export function codesRefusal(request: CodesRequest): ProvisioningRefusal | null {
  if (request.kind === 'pair' && request.leader !== undefined && request.leader === request.participant) {
    return refusal('same-codes', codeField('participant'), 'the leader and participant codes must differ');
  }
  for (const { role, given } of requestedCodes(request)) {
    const problem = given === undefined ? null : givenCodeProblem(role, given);
    if (problem !== null) return problem;
  }
  return null;
}

export function givenCodeProblem(role: CodeRole, digits: string): ProvisioningRefusal | null {
  const problem = codeDigitsProblem(digits);
  return problem === null ? null : refusal('invalid-code', codeField(role), `${codeField(role)} ${problem}`);
}

/** A code of `role` is already used by an active conference: which one is never said. */
export function codeInUse(role: CodeRole): ProvisioningRefusal {
  return refusal('code-in-use', codeField(role), `${codeField(role)} is already in use, choose another`);
}

/** A conference has only the codes of its kind. */
export function codeRoleRefusal(kind: CodeKind, role: CodeRole): ProvisioningRefusal | null {
  return CODE_ROLES_OF_KIND[kind].includes(role) ? null : refusal('wrong-code-role', 'role', `a ${kind} conference has no ${role} code`);
}

/** The issued codes as a list of (role, digits), as the admin API answers. */
export function issuedCodeList(codes: IssuedCodes): IssuedCode[] {
  switch (codes.kind) {
    case 'pair':
      return [
        { role: 'leader', code: codes.leader },
        { role: 'participant', code: codes.participant },
      ];
    case 'single':
      return [{ role: 'single', code: codes.single }];
    default:
      return assertNever(codes);
  }
}
