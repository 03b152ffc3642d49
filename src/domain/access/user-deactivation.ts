/**
 * Deactivating a user: it keeps everything it owns, but can neither sign in
 * nor use its tokens until it is reactivated. Who may: whoever may manage the
 * user within the token rule (deactivating someone is as much power over them
 * as acting as them), but never the actor itself (nobody locks themselves out
 * by mistake), and never the last active operator (nobody could then run the
 * platform over the API or the portal).
 */
export type DeactivationRefusal =
  /** The actor is the user: 409. */
  | 'self'
  /** The actor may not manage the user or is not above it: 403. */
  | 'not-permitted'
  /** The user is the only active operator left: 409. */
  | 'last-operator';

export interface DeactivationCase {
  actorUserId: string;
  target: { id: string; operator: boolean; active: boolean };
  /** Whether the actor manages the target and may act as it (the token rule). */
  actorMayManage: boolean;
  /** Active operators, the target included when it is one. */
  activeOperators: number;
}

/** Why the deactivation is refused, in the order the actor should hear it; null when it may go ahead. */
export function deactivationRefusal(request: DeactivationCase): DeactivationRefusal | null {
  if (request.target.id === request.actorUserId) return 'self';
  if (!request.actorMayManage) return 'not-permitted';
  if (request.target.operator && request.target.active && request.activeOperators <= 1) return 'last-operator';
  return null;
}
