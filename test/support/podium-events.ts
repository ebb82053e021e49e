/** Realistic Podium envelopes for tests, shaped per family as the contract's id table says. */

const randomUUID = () => globalThis.crypto.randomUUID();

export interface PodiumEventOptions {
  eventUid?: string;
  /** The resource's uid (the contact's, for contact events). */
  uid?: string;
  conversationUid?: string;
  createdAt?: string;
  updatedAt?: string;
  /** Merged over the generated data. */
  data?: Record<string, unknown>;
  /** `snake`: Podium's own example spelling, `event_type` / `event_uid`. */
  spelling?: 'camel' | 'snake';
}

export interface PodiumEnvelope {
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

function dataFor(
  eventType: string,
  o: Required<Pick<PodiumEventOptions, 'uid' | 'conversationUid' | 'createdAt' | 'updatedAt'>>,
) {
  const location = { uid: 'location-1', organizationUid: 'organization-1' };
  switch (eventType.split('.')[0]) {
    case 'contact': {
      const contact = {
        uid: o.uid,
        name: 'Ada Lovelace',
        phoneNumbers: ['+15555550100'],
        createdAt: o.createdAt,
        updatedAt: o.updatedAt,
        conversations: [{ uid: o.conversationUid }],
        locations: [{ uid: location.uid }],
        organization: { uid: location.organizationUid },
      };
      if (eventType === 'contact.created') return { before: null, after: contact, errors: [] };
      if (eventType === 'contact.deleted') return { before: contact, after: null, errors: [] };
      return { before: { ...contact, updatedAt: o.createdAt }, after: contact, errors: [] };
    }
    case 'message':
      return {
        uid: o.uid,
        body: 'Hi, is my order ready?',
        conversation: { uid: o.conversationUid, channel: { type: 'phone' } },
        location,
        createdAt: o.createdAt,
        items: [],
      };
    case 'invoice':
      return {
        uid: o.uid,
        conversationUid: o.conversationUid,
        location,
        amount: 4200,
        createdAt: o.createdAt,
        updatedAt: o.updatedAt,
      };
    case 'review':
      return { uid: o.uid, rating: 5, location, createdAt: o.createdAt, updatedAt: o.updatedAt };
    case 'call':
      return {
        uid: o.uid,
        conversationUid: o.conversationUid,
        locationUid: location.uid,
        organizationUid: location.organizationUid,
        startedAt: o.createdAt,
        endedAt: o.updatedAt,
      };
    default:
      return { uid: o.uid };
  }
}

export function podiumEvent(eventType: string, options: PodiumEventOptions = {}): PodiumEnvelope {
  const now = new Date().toISOString();
  const data = {
    ...dataFor(eventType, {
      uid: options.uid ?? randomUUID(),
      conversationUid: options.conversationUid ?? randomUUID(),
      createdAt: options.createdAt ?? now,
      updatedAt: options.updatedAt ?? options.createdAt ?? now,
    }),
    ...options.data,
  };
  const eventUid = options.eventUid ?? randomUUID();
  const metadata =
    options.spelling === 'snake'
      ? { event_type: eventType, event_uid: eventUid, version: '2021.04.01' }
      : { eventType, eventUid, version: '2021.04.01' };
  return { data, metadata };
}

export function podiumBody(event: PodiumEnvelope): string {
  return JSON.stringify(event);
}
