/**
 * What a rerun means for order: if the event's entity has run later events since, the rerun
 * comes after them, so the entity takes it for late and its type's late policy applies (run,
 * told what superseded it, by default). On-call should know before a CRM gets an old contact.
 */
import type { Client } from '@temporalio/client';
import { entityQuery, entityWorkflowId, statusQuery } from '../../workflows/shared';

/** A sentence about the events that ran after this one, or null when there are none known. */
export async function laterEventsNote(client: Client, workflowId: string): Promise<string | null> {
  const view = await client.workflow
    .getHandle(workflowId)
    .query(statusQuery)
    .catch(() => null);
  if (!view?.orderingKey) return null;
  const entity = await client.workflow
    .getHandle(entityWorkflowId(view.orderingKey))
    .query(entityQuery)
    .catch(() => null); // finished idle: it no longer remembers what ran
  const index = entity?.ran.findIndex((ran) => ran.eventId === view.eventId) ?? -1;
  const later = index < 0 ? [] : entity!.ran.slice(index + 1);
  if (later.length === 0) return null;
  const named = later.map((ran) => `${ran.eventType} ${ran.eventId}`).join(', ');
  return (
    `note: ${view.orderingKey} has run ${later.length} event(s) since this one (${named}); ` +
    `the rerun comes after them, so it may run as late, under ${view.eventType ?? 'its type'}'s late policy`
  );
}
