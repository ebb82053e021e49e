/**
 * The CLI's event filters and how they become a visibility query, as typed in the Web UI's
 * search box. Bad values are usage errors (exit 2) that say what would be valid.
 */
import { EVENT_STATUSES, eventWorkflowId, type EventStatus } from '../../workflows/shared';
import { eventQuery as visibilityQuery, VisibilityQueryError } from '../temporal/visibility-query';

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface EventFilter {
  status?: EventStatus;
  type?: string;
  entity?: string;
  /** Received (the event workflow started) at or after / before. */
  since?: Date;
  until?: Date;
  /** Only one deployment's events, when several share a namespace. */
  taskQueue?: string;
  /** Case-insensitive substring of the park reason (read from each event's status query). */
  reason?: string;
}

export function parseStatus(value: string): EventStatus {
  if ((EVENT_STATUSES as readonly string[]).includes(value)) return value as EventStatus;
  throw new UsageError(`unknown status '${value}': use one of ${EVENT_STATUSES.join(', ')}`);
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** An ISO time, or a span back from now such as `90m`, `2h`, `3d`. */
export function parseTime(value: string, now = Date.now()): Date {
  const span = /^(\d+)([smhd])$/.exec(value.trim());
  if (span) return new Date(now - Number(span[1]) * UNIT_MS[span[2]!]!);
  const time = new Date(value);
  if (Number.isNaN(time.getTime()))
    throw new UsageError(`not a time: '${value}' (an ISO time, or a span back such as 2h or 3d)`);
  return time;
}

export function parsePositive(name: string, value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0)
    throw new UsageError(`${name} must be a positive number, not '${value}'`);
  return number;
}

/** A visibility query, as typed in the Web UI's search box (quoted in one place). */
export function eventQuery(filter: EventFilter): string {
  try {
    return visibilityQuery(filter);
  } catch (error) {
    if (error instanceof VisibilityQueryError) throw new UsageError(error.message);
    throw error;
  }
}

/** Accepts an event id or the workflow id itself. */
export const workflowIdOf = (id: string) =>
  id.startsWith(eventWorkflowId('')) ? id : eventWorkflowId(id);
