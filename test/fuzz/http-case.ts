/** One HTTP case of the fuzz run, and the few ways its requests are built. */
import type { SentHeaders } from '../property/send-request';
import { signPodiumDelivery } from '../../src/signature/sign-podium-delivery';

export type Expectation = 'accept' | 'refuse' | 'either' | 'no-5xx';

export interface HttpCase {
  group: string;
  method: string;
  path: string;
  /** Built when sent, so that a signature is fresh. */
  build: () => { headers: SentHeaders; body: Buffer };
  expect: Expectation;
  knownDefect?: number;
}

export interface CaseContext {
  secret: string;
  seed: number;
  maxBodyBytes: number;
  /** A fresh marker for a body the receiver must reject. */
  marker: () => string;
}

export const WEBHOOK = '/webhooks/podium';

/** A POST to the webhook path. */
export const post = (
  group: string,
  expect: Expectation,
  build: HttpCase['build'],
  knownDefect?: number,
): HttpCase => ({ group, method: 'POST', path: WEBHOOK, build, expect, knownDefect });

export const signed = (secret: string, body: Buffer, extra: SentHeaders = {}) => ({
  body,
  headers: {
    'content-type': 'application/json',
    ...extra,
    ...signPodiumDelivery(body, secret, Date.now()),
  },
});

export const unsigned = (body: Buffer, extra: SentHeaders = {}) => ({ body, headers: extra });

/** A Podium event no other case or run has sent. */
export const uniqueEvent = () =>
  Buffer.from(
    JSON.stringify({
      data: { uid: 'fuzz' },
      metadata: { eventType: 'message.received', eventUid: `fuzz-${Date.now()}-${Math.random()}` },
    }),
  );
