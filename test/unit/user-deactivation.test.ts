import { describe, expect, it } from 'vitest';
import { deactivationRefusal, type DeactivationCase } from '../../src/domain/access/user-deactivation';

const ADMIN = 'user-admin';
const asked = (
  overrides: Omit<Partial<DeactivationCase>, 'target'> & { target?: Partial<DeactivationCase['target']> } = {},
): DeactivationCase => ({
  actorUserId: ADMIN,
  actorMayManage: true,
  activeOperators: 2,
  ...overrides,
  target: { id: 'user-ulf', operator: false, active: true, ...overrides.target },
});

describe('who may deactivate a user', () => {
  it('an admin who manages the user and may act as it deactivates it', () => {
    expect(deactivationRefusal(asked())).toBeNull();
  });

  it('nobody deactivates itself, whatever else holds: the refusal names that first', () => {
    expect(deactivationRefusal(asked({ target: { id: ADMIN } }))).toBe('self');
    expect(deactivationRefusal(asked({ target: { id: ADMIN, operator: true }, actorMayManage: false, activeOperators: 1 }))).toBe('self');
  });

  it('an admin who may not manage the user (or not act as it) is refused before anything about operators is told', () => {
    expect(deactivationRefusal(asked({ actorMayManage: false }))).toBe('not-permitted');
    expect(deactivationRefusal(asked({ actorMayManage: false, target: { operator: true }, activeOperators: 1 }))).toBe('not-permitted');
  });

  it('the last active operator stays; one of two may go', () => {
    expect(deactivationRefusal(asked({ target: { operator: true }, activeOperators: 1 }))).toBe('last-operator');
    expect(deactivationRefusal(asked({ target: { operator: true }, activeOperators: 2 }))).toBeNull();
    // A deactivated operator is not among the active ones: deactivating it again changes nothing and is not refused.
    expect(deactivationRefusal(asked({ target: { operator: true, active: false }, activeOperators: 1 }))).toBeNull();
    // Users who are not operators are never held back by the count.
    expect(deactivationRefusal(asked({ activeOperators: 1 }))).toBeNull();
  });
});
