/** `events show` as text: what an operator needs first, then the record. */
import type { EntityView, EventStatusView } from '../../workflows/shared';
import { table } from './output';

/** Who holds the turn a waiting event waits for, and where the event is in the queue. */
export function describeTurn(view: EventStatusView, entity: EntityView | null): string | null {
  if (view.status !== 'waiting' || !view.orderingKey) return null;
  if (!entity) return `its turn on ${view.orderingKey} (the entity workflow did not answer)`;
  const position = entity.buffer.findIndex((ticket) => ticket.eventId === view.eventId);
  const queued = position >= 0 ? `, ${position + 1} of ${entity.buffer.length} waiting` : '';
  if (!entity.holder) return `its turn on ${view.orderingKey}: nobody holds it yet${queued}`;
  const { holder } = entity;
  return (
    `its turn on ${view.orderingKey}: held by event ${holder.eventId} (${holder.eventType}, ` +
    `since ${holder.grantedAt})${queued}; \`events show ${holder.eventId}\``
  );
}

export function formatEvent(
  workflowId: string,
  view: EventStatusView,
  entity: EntityView | null,
): string {
  const fields: [string, string | null][] = [
    ['event', `${view.eventId} (workflow ${workflowId})`],
    ['type', view.eventType ?? 'malformed'],
    ['status', view.status],
    ['received', view.receivedAt],
    ['entity', view.orderingKey],
    ['waiting for', describeTurn(view, entity)],
    ['parked', view.parkedReason],
    ['last error', view.lastError],
    ['attempts', String(view.attempts)],
    ['without *.created', view.ranWithoutPredecessor ? 'yes (ran after the hold expired)' : null],
  ];
  const lines = [table(fields.flatMap(([k, v]) => (v === null ? [] : [[`${k}:`, v]])))];
  if (view.handlers.length > 0) {
    lines.push('handlers:');
    const rows = view.handlers.map((h) => [
      `  ${h.name}`,
      h.state,
      `runs ${h.runs}`,
      `attempts ${h.attempts}`,
      h.lastError ?? '',
    ]);
    lines.push(table(rows));
  }
  if (view.attemptHistory.length > 0) {
    lines.push('failed attempts (latest last):');
    lines.push(
      table(view.attemptHistory.map((a) => [`  ${a.at}`, a.handler, `#${a.attempt}`, a.detail])),
    );
  }
  if (view.operatorActions.length > 0) {
    lines.push('operator actions:');
    lines.push(
      table(
        view.operatorActions.map((a) => [
          `  ${a.at}`,
          a.action,
          // Records from before `by` was kept have none.
          a.by ? `by ${a.by}` : '',
          a.applied ? 'applied' : a.note,
          a.reason ?? '',
        ]),
      ),
    );
  }
  return lines.join('\n');
}
