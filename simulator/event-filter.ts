/** An app's event type filter, as Asterisk keeps it (res/stasis/app.c): empty lists allow everything. */
export interface EventFilter {
  allowed: string[];
  disallowed: string[];
}

export const NO_EVENT_FILTER: EventFilter = { allowed: [], disallowed: [] };

/** Disallowed wins; an empty allowed list allows every type (`stasis_app_event_allowed`). */
export function eventAllowed(filter: EventFilter, type: string): boolean {
  return !filter.disallowed.includes(type) && (filter.allowed.length === 0 || filter.allowed.includes(type));
}

/**
 * The filter after `PUT /applications/{app}/eventFilter` with `body`, or null
 * when Asterisk answers 400 (`app_event_filter_set`): no body or `{}` clears
 * both lists; a list that is given replaces that list, the other is kept; a
 * list must be an array of objects with a non-empty `type`.
 */
export function updatedEventFilter(current: EventFilter, body: unknown): EventFilter | null {
  if (body === undefined || body === null || (typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0)) {
    return NO_EVENT_FILTER;
  }
  if (Array.isArray(body)) {
    // A bare list is read as both lists, as Asterisk does.
    const types = typesOf(body);
    return types === null ? null : { allowed: types, disallowed: types };
  }
  if (typeof body !== 'object') return null;
  const fields = body as Record<string, unknown>;
  const allowed = fields.allowed === undefined ? current.allowed : typesOf(fields.allowed);
  const disallowed = fields.disallowed === undefined ? current.disallowed : typesOf(fields.disallowed);
  return allowed === null || disallowed === null ? null : { allowed, disallowed };
}

function typesOf(list: unknown): string[] | null {
  if (!Array.isArray(list)) return null;
  const types = list.map((entry: unknown) =>
    typeof entry === 'object' && entry !== null && 'type' in entry && typeof entry.type === 'string' ? entry.type : '',
  );
  return types.includes('') ? null : types;
}
