/**
 * Realistic Podium event sequences, one entity at a time, shaped as the contract's id table
 * says: a contact's lifecycle, a conversation's messages and calls, a review and its
 * response, an invoice and its payment. Each sequence is in causal order with rising
 * resource timestamps.
 */
import { uuidFrom, type Random } from './random';

export type Family = 'contact' | 'message' | 'review' | 'invoice' | 'call';
export const FAMILIES: readonly Family[] = ['contact', 'message', 'review', 'invoice', 'call'];

export interface SimulatedEvent {
  eventUid: string;
  eventType: string;
  /** The ordering key the service will derive, for checking order afterwards. */
  entity: string;
  /** Its position in its entity's causal order (0 first), for checking order afterwards. */
  step: number;
  envelope: { data: Record<string, unknown>; metadata: Record<string, unknown> };
}

const location = { uid: 'location-sim', organizationUid: 'organization-sim' };

function event(
  random: Random,
  eventType: string,
  entity: string,
  data: Record<string, unknown>,
): SimulatedEvent {
  const eventUid = uuidFrom(random);
  return {
    eventUid,
    eventType,
    entity,
    step: 0,
    envelope: { data, metadata: { eventType, eventUid, version: '2021.04.01' } },
  };
}

function contactScenario(random: Random, at: (step: number) => string): SimulatedEvent[] {
  const uid = uuidFrom(random);
  const contact = (step: number) => ({
    uid,
    name: `Simulated Contact ${uid.slice(0, 4)}`,
    createdAt: at(0),
    updatedAt: at(step),
    locations: [{ uid: location.uid }],
    organization: { uid: location.organizationUid },
  });
  const entity = `contact:${uid}`;
  return [
    event(random, 'contact.created', entity, { before: null, after: contact(0), errors: [] }),
    event(random, 'contact.updated', entity, { before: contact(0), after: contact(1), errors: [] }),
    event(random, 'contact.deleted', entity, { before: contact(1), after: null, errors: [] }),
  ];
}

function conversationScenario(
  random: Random,
  at: (step: number) => string,
  family: 'message' | 'call',
): SimulatedEvent[] {
  const conversationUid = uuidFrom(random);
  const entity = `conversation:${conversationUid}`;
  if (family === 'call') {
    return ['call.received', 'call.completed'].map((eventType, step) =>
      event(random, eventType, entity, {
        uid: uuidFrom(random),
        conversationUid,
        locationUid: location.uid,
        organizationUid: location.organizationUid,
        startedAt: at(0),
        endedAt: at(step),
      }),
    );
  }
  return ['message.received', 'message.sent', 'message.received'].map((eventType, step) =>
    event(random, eventType, entity, {
      uid: uuidFrom(random),
      body: step === 1 ? 'Your order is ready.' : 'Is my order ready?',
      conversation: { uid: conversationUid, channel: { type: 'phone' } },
      location,
      createdAt: at(step),
      items: [],
    }),
  );
}

function reviewScenario(random: Random, at: (step: number) => string): SimulatedEvent[] {
  const uid = uuidFrom(random);
  const entity = `review:${uid}`;
  return ['review.created', 'review.response_created', 'review.updated'].map((eventType, step) =>
    event(random, eventType, entity, {
      uid,
      reviewUid: uid,
      rating: 5,
      location,
      createdAt: at(0),
      updatedAt: at(step),
    }),
  );
}

function invoiceScenario(random: Random, at: (step: number) => string): SimulatedEvent[] {
  const uid = uuidFrom(random);
  const entity = `invoice:${uid}`;
  return ['invoice.created', 'invoice.payment_created', 'invoice.payment_succeeded'].map(
    (eventType, step) =>
      event(random, eventType, entity, {
        uid,
        invoiceUid: uid,
        amount: 4200,
        location,
        createdAt: at(0),
        updatedAt: at(step),
        ...(step === 2 ? { paidAt: at(step) } : {}),
      }),
  );
}

/** One entity's events, in causal order, timestamped from `start` one second apart. */
export function scenario(random: Random, family: Family, start: number): SimulatedEvent[] {
  return inCausalOrder(random, family, start).map((event, step) => ({ ...event, step }));
}

function inCausalOrder(random: Random, family: Family, start: number): SimulatedEvent[] {
  const at = (step: number) => new Date(start + step * 1000).toISOString();
  switch (family) {
    case 'contact':
      return contactScenario(random, at);
    case 'message':
    case 'call':
      return conversationScenario(random, at, family);
    case 'review':
      return reviewScenario(random, at);
    case 'invoice':
      return invoiceScenario(random, at);
  }
}
