/**
 * The id of the licence plan in force for a room's owner on a local day, as
 * an SQL expression both stores speak: the owner's latest personal licence
 * running that day (a shared mailbox holds none), else the default plan.
 * `owner` and `day` are SQL expressions (a column, a parameter); the day is
 * a `YYYY-MM-DD` text, which sorts as a date. One rule, for the licences'
 * own reads and for the bridge's code lookup, which joins it so that a
 * caller's code costs one query.
 */
export function planIdOfOwner(owner: string, day: string): string {
  return `coalesce(
    (SELECT l.plan_id FROM licences l JOIN users u ON u.id = l.user_id
     WHERE l.user_id = ${owner} AND u.shared_mailbox = 0 AND l.starts_on <= ${day} AND (l.ends_on IS NULL OR l.ends_on >= ${day})
     ORDER BY l.starts_on DESC LIMIT 1),
    (SELECT default_plan_id FROM licence_settings WHERE id = 1))`;
}
