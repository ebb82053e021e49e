/**
 * The fault run's traffic: Podium's (the simulator: every family, redeliveries, each entity's
 * events shuffled, non-200 retried on Podium's schedule) and an attacker's forged and unsigned
 * deliveries among it, each sent once, spread over the run.
 */
import { FAMILIES, type SimulatedEvent } from '../../src/simulator/podium-scenarios';
import { planDeliveries, type PlannedDelivery } from '../../src/simulator/plan-deliveries';
import { simulatePodium, type SimulationResult } from '../../src/simulator/podium-streams';
import type { Random } from '../../src/simulator/random';
import { signPodiumDelivery } from '../../src/signature/sign-podium-delivery';

export const REDELIVERY_SHARE = 0.2;
const FORGED_SHARE = 0.05;
const FORGERY_KINDS = ['unsigned', 'wrong secret', 'tampered body', 'malformed signature'] as const;

export interface Forgery {
  kind: (typeof FORGERY_KINDS)[number];
  eventUid: string;
  headers: (secret: string) => Record<string, string>;
  body: string;
}

export interface Traffic {
  deliveries: PlannedDelivery[];
  /** Each authentic event once. */
  events: SimulatedEvent[];
  forgeries: Forgery[];
}

function forge(kind: Forgery['kind'], original: SimulatedEvent, n: number): Forgery {
  const eventUid = `forged-${n}-${original.eventUid}`;
  const envelope = { ...original.envelope, metadata: { ...original.envelope.metadata, eventUid } };
  const body = JSON.stringify(envelope);
  const headers = (secret: string): Record<string, string> => {
    const now = Date.now();
    switch (kind) {
      case 'unsigned':
        return {};
      case 'wrong secret':
        return signPodiumDelivery(body, `${secret}-guessed`, now);
      case 'tampered body':
        // A signature Podium made, over the body before the attacker changed its event id.
        return signPodiumDelivery(JSON.stringify(original.envelope), secret, now);
      case 'malformed signature':
        return { 'podium-timestamp': String(now), 'podium-signature': 'not-a-signature' };
    }
  };
  return { kind, eventUid, headers, body };
}

export function planTraffic(events: number, random: Random): Traffic {
  const deliveries = planDeliveries({
    events,
    families: FAMILIES,
    duplicates: REDELIVERY_SHARE,
    shuffle: true,
    batchSize: 1,
    random,
    startMs: Date.now(),
  });
  const unique = deliveries.filter((d) => !d.duplicate).flatMap((d) => d.events);
  const forgeries = Array.from({ length: Math.max(4, Math.round(events * FORGED_SHARE)) }, (_, n) =>
    forge(FORGERY_KINDS[n % FORGERY_KINDS.length]!, unique[n % unique.length]!, n),
  );
  return { deliveries, events: unique, forgeries };
}

export interface TrafficOutcome {
  podium: SimulationResult;
  /** When the receiver first answered 200 for each event (ms). */
  acceptedAtMs: Map<string, number>;
  /** Each forgery's answer: the HTTP status, 0 when none came. */
  forgeryStatuses: Array<{ kind: Forgery['kind']; status: number }>;
}

async function sendOnce(url: string, forgery: Forgery, secret: string): Promise<number> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...forgery.headers(secret) },
      body: forgery.body,
      signal: AbortSignal.timeout(5000),
    });
    await response.text();
    return response.status;
  } catch {
    return 0;
  }
}

export async function sendTraffic(options: {
  url: string;
  secret: string;
  traffic: Traffic;
  streams: number;
  ratePerSecond: number;
  timeScale: number;
  /** Called with the share of deliveries sent so far (first attempts). */
  onProgress: (share: number) => void;
}): Promise<TrafficOutcome> {
  const { deliveries, forgeries } = options.traffic;
  const acceptedAtMs = new Map<string, number>();
  const attacks: Array<Promise<{ kind: Forgery['kind']; status: number }>> = [];
  let firstAttempts = 0;
  const podium = await simulatePodium({
    url: options.url,
    secret: options.secret,
    deliveries,
    streams: options.streams,
    ratePerSecond: options.ratePerSecond,
    timeScale: options.timeScale,
    onAttempt: (attempt) => {
      const eventUid = deliveries[attempt.delivery]!.events[0]!.eventUid;
      // Accepted, or a duplicate of a start whose answer a receiver kill cut off.
      if (attempt.status === 200)
        acceptedAtMs.set(eventUid, acceptedAtMs.get(eventUid) ?? Date.now());
      if (attempt.attempt > 1) return;
      firstAttempts += 1;
      // The attacker's deliveries go out evenly among Podium's.
      while (attacks.length < Math.floor((firstAttempts / deliveries.length) * forgeries.length)) {
        const forgery = forgeries[attacks.length]!;
        attacks.push(
          sendOnce(options.url, forgery, options.secret).then((status) => ({
            kind: forgery.kind,
            status,
          })),
        );
      }
      options.onProgress(firstAttempts / deliveries.length);
    },
  });
  return { podium, acceptedAtMs, forgeryStatuses: await Promise.all(attacks) };
}
