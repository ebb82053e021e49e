/**
 * A worked example of a handler (not registered by default): upserts a created or updated
 * contact into a CRM over HTTP. Copy its shape: typed event in, idempotency key out to the API,
 * retryable vs permanent failures told apart.
 */
import { PermanentHandlerError, type PodiumHandler } from '../handler-registry';
import type { PodiumEvent } from '../../src/podium/schemas';

type ContactUpsert = Extract<PodiumEvent, { eventType: 'contact.created' | 'contact.updated' }>;

export function syncContactToCrm(crmUrl: string): PodiumHandler<ContactUpsert> {
  return async ({ event, idempotencyKey }) => {
    const contact = event.data.after;
    if (!contact) throw new PermanentHandlerError(`${event.eventType} without an "after" contact`);
    const response = await fetch(`${crmUrl}/contacts/${encodeURIComponent(contact.uid)}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
      body: JSON.stringify(contact),
      signal: AbortSignal.timeout(10_000),
    });
    // 4xx other than 408/429: the CRM will never accept this contact as it is.
    if (
      response.status >= 400 &&
      response.status < 500 &&
      response.status !== 408 &&
      response.status !== 429
    ) {
      throw new PermanentHandlerError(`CRM rejected contact ${contact.uid}: ${response.status}`);
    }
    if (!response.ok) throw new Error(`CRM answered ${response.status}`);
    return `CRM upserted contact ${contact.uid}`;
  };
}
