/**
 * Visibility queries for event workflows, as typed in the Web UI's search box: the one place
 * that quotes a value into a query, used by the CLI and the tests. The service writes only
 * searchable names to its search attributes (src/temporal/usable-id.ts), so each is quoted as
 * it is; a value with `"`, `'` or `\` is refused, since no query finds such a value reliably
 * and the service never writes one.
 */
import { isSearchableName, searchableId } from './usable-id';

export class VisibilityQueryError extends Error {
  override name = 'VisibilityQueryError';
}

/** `'value'`, for a value the service may have written to a search attribute. */
export function quoteSearchValue(value: string, what: string, hint = ''): string {
  if (!isSearchableName(value)) {
    throw new VisibilityQueryError(
      `no ${what} is ${JSON.stringify(value)}: the service writes only printable ASCII without quotes, backslashes or question marks, at most 200 characters${hint}`,
    );
  }
  return `'${value}'`;
}

/**
 * The ordering key as the service writes it: `contact:<uid>`, the uid hashed when it is not
 * searchable, so the operator may give the uid Podium sent.
 */
export function orderingKeySearchValue(orderingKey: string): string {
  const colon = orderingKey.indexOf(':');
  if (colon < 0) return orderingKey;
  return `${orderingKey.slice(0, colon + 1)}${searchableId(orderingKey.slice(colon + 1))}`;
}

export interface EventFilters {
  status?: string;
  type?: string;
  entity?: string;
  /** Only one deployment's events, when several share a namespace. */
  taskQueue?: string;
  /** Received (the event workflow started) at or after / before. */
  since?: Date;
  until?: Date;
}

/** Event workflows matching every filter given. */
export function eventQuery(filters: EventFilters): string {
  const clauses = [`WorkflowType = 'podiumEventWorkflow'`];
  if (filters.status)
    clauses.push(`PodiumEventStatus = ${quoteSearchValue(filters.status, 'status')}`);
  if (filters.type) {
    const hint = "; an event with such a type is kept as 'malformed'";
    clauses.push(`PodiumEventType = ${quoteSearchValue(filters.type, 'event type', hint)}`);
  }
  if (filters.entity) {
    const key = orderingKeySearchValue(filters.entity);
    clauses.push(`PodiumOrderingKey = ${quoteSearchValue(key, 'entity')}`);
  }
  if (filters.taskQueue)
    clauses.push(`TaskQueue = ${quoteSearchValue(filters.taskQueue, 'task queue')}`);
  if (filters.since) clauses.push(`StartTime >= '${filters.since.toISOString()}'`);
  if (filters.until) clauses.push(`StartTime < '${filters.until.toISOString()}'`);
  return clauses.join(' AND ');
}
