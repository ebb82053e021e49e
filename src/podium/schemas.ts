/**
 * Podium events validated at the boundary, typed per event type. The data schemas are loose:
 * they require only what this service relies on (ids, per the contract's id table) and keep
 * every other field, so a new field from Podium never breaks an event.
 */
import { z } from 'zod';
import { readEnvelope } from './envelope';
import {
  CALL_EVENT_TYPES,
  CONTACT_EVENT_TYPES,
  INVOICE_EVENT_TYPES,
  MESSAGE_EVENT_TYPES,
  REVIEW_EVENT_TYPES,
  familyOf,
  type EventFamily,
} from './event-types';

const timestamp = z.string().nullish();
const withUid = z.looseObject({ uid: z.string() });

export const Contact = z.looseObject({
  uid: z.string(),
  createdAt: timestamp,
  updatedAt: timestamp,
  conversations: z.array(withUid).nullish(),
  locations: z.array(withUid).nullish(),
  organization: withUid.nullish(),
});

export const ContactData = z
  .looseObject({
    before: Contact.nullish(),
    after: Contact.nullish(),
    errors: z.array(z.unknown()).nullish(),
  })
  .refine((data) => Boolean(data.before ?? data.after), {
    message: 'neither before nor after is a contact',
  });

export const MessageData = z.looseObject({
  uid: z.string(),
  conversation: withUid.nullish(),
  location: z
    .looseObject({ uid: z.string().nullish(), organizationUid: z.string().nullish() })
    .nullish(),
  createdAt: timestamp,
  items: z.array(z.unknown()).nullish(),
});

export const InvoiceData = z.looseObject({
  uid: z.string(),
  invoiceUid: z.string().nullish(),
  invoice: withUid.nullish(),
  conversationUid: z.string().nullish(),
  location: z
    .looseObject({ uid: z.string().nullish(), organizationUid: z.string().nullish() })
    .nullish(),
  createdAt: timestamp,
  updatedAt: timestamp,
  paidAt: timestamp,
  canceledAt: timestamp,
});

export const ReviewData = z.looseObject({
  uid: z.string(),
  reviewUid: z.string().nullish(),
  review: withUid.nullish(),
  location: z
    .looseObject({ uid: z.string().nullish(), organizationUid: z.string().nullish() })
    .nullish(),
  locations: z.array(withUid).nullish(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const CallData = z.looseObject({
  uid: z.string(),
  conversationUid: z.string().nullish(),
  locationUid: z.string().nullish(),
  organizationUid: z.string().nullish(),
  startedAt: timestamp,
  endedAt: timestamp,
});

const FAMILY_DATA = {
  contact: ContactData,
  message: MessageData,
  review: ReviewData,
  invoice: InvoiceData,
  call: CallData,
} as const;

/** One member per event type, so `Extract<PodiumEvent, { eventType: 'contact.created' }>` works. */
type EventOf<T extends string, Data extends z.ZodType> = T extends unknown
  ? { eventType: T; eventUid?: string; version?: string; data: z.infer<Data> }
  : never;

export type PodiumEvent =
  | EventOf<(typeof CONTACT_EVENT_TYPES)[number], typeof ContactData>
  | EventOf<(typeof MESSAGE_EVENT_TYPES)[number], typeof MessageData>
  | EventOf<(typeof REVIEW_EVENT_TYPES)[number], typeof ReviewData>
  | EventOf<(typeof INVOICE_EVENT_TYPES)[number], typeof InvoiceData>
  | EventOf<(typeof CALL_EVENT_TYPES)[number], typeof CallData>;

/** The events of one family, e.g. `PodiumEventOf<'contact'>` for every `contact.*` type. */
export type PodiumEventOf<F extends EventFamily> = Extract<
  PodiumEvent,
  { eventType: `${F}.${string}` }
>;

/** Narrows an event to its family, so its `data` is typed without a cast. */
export function isEventOfFamily<F extends EventFamily>(
  event: PodiumEvent,
  family: F,
): event is PodiumEventOf<F> {
  return familyOf(event.eventType) === family;
}

export type ParseResult = { ok: true; event: PodiumEvent } | { ok: false; reason: string };

/** Validates an envelope; a failure is a short sentence an operator can act on. Never throws. */
export function parsePodiumEvent(json: unknown): ParseResult {
  const envelope = readEnvelope(json);
  if (envelope.eventType === undefined)
    return { ok: false, reason: 'no event type (metadata.eventType)' };
  const family = familyOf(envelope.eventType);
  if (family === undefined)
    return { ok: false, reason: `unknown event type "${envelope.eventType}"` };
  const data = FAMILY_DATA[family].safeParse(envelope.data);
  if (!data.success) {
    const issue = data.error.issues[0];
    const path = ['data', ...(issue?.path ?? [])].map(String).join('.');
    // zod prefixes most messages with "Invalid input: ", which tells an operator nothing.
    const problem = (issue?.message ?? 'invalid').replace(/^Invalid input: /, '');
    return { ok: false, reason: `${envelope.eventType}: ${path}: ${problem}` };
  }
  const event = {
    eventType: envelope.eventType,
    data: data.data,
    ...(envelope.eventUid === undefined ? {} : { eventUid: envelope.eventUid }),
    ...(envelope.version === undefined ? {} : { version: envelope.version }),
  };
  return { ok: true, event: event as PodiumEvent };
}
