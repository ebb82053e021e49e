/**
 * Clients that hold sockets: headers a byte a second, a body a byte a second, 1 MiB bodies
 * half sent and then stalled, and connections that send nothing. Each must be dropped within
 * the limit, and signed deliveries sent meanwhile must still be answered 200.
 */
import { signPodiumDelivery } from '../../src/signature/sign-podium-delivery';
import { sendRequest } from '../property/send-request';
import { rawExchange, type RawOutcome, type RawPlan } from './raw-exchange';

export interface SlowClientOptions {
  port: number;
  url: string;
  secret: string;
  limitMs: number;
  marker: () => string;
}

const HEAD = 'POST /webhooks/podium HTTP/1.1\r\nHost: 127.0.0.1\r\n';

function plans(o: SlowClientOptions): Array<[string, RawPlan]> {
  const deadlineMs = o.limitMs + 10_000;
  const bytewise = (text: string) => [...Buffer.from(text)].map((b) => Buffer.from([b]));
  const slowHeaders = bytewise(`${HEAD}X-Slow: ${'s'.repeat(200)}`);
  const slowBody = [
    Buffer.from(`${HEAD}Content-Length: 1048576\r\n\r\n`),
    ...bytewise(o.marker().repeat(20)),
  ];
  const halfSent = [
    Buffer.from(`${HEAD}Content-Length: 1048576\r\n\r\n`),
    Buffer.alloc(512 * 1024, o.marker()),
  ];
  return [
    ...Array.from(
      { length: 20 },
      () => ['slow headers', { parts: slowHeaders, gapMs: 1000, deadlineMs }] as [string, RawPlan],
    ),
    ...Array.from(
      { length: 20 },
      () => ['slow body', { parts: slowBody, gapMs: 1000, deadlineMs }] as [string, RawPlan],
    ),
    ...Array.from(
      { length: 100 },
      () => ['half-sent 1 MiB', { parts: halfSent, deadlineMs }] as [string, RawPlan],
    ),
    ...Array.from({ length: 20 }, () => ['idle', { parts: [], deadlineMs }] as [string, RawPlan]),
  ];
}

export interface SlowClientResult {
  kind: string;
  outcome: RawOutcome;
}

/** Holds the slow sockets; after a few seconds, sends signed deliveries one by one meanwhile. */
export async function slowClients(
  o: SlowClientOptions,
): Promise<{ held: SlowClientResult[]; signedStatuses: string[] }> {
  const held = Promise.all(
    plans(o).map(async ([kind, plan]) => ({ kind, outcome: await rawExchange(o.port, plan) })),
  );
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const signedStatuses: string[] = [];
  for (let i = 0; i < 20; i++) {
    const body = Buffer.from(
      JSON.stringify({
        metadata: { eventType: 'message.received', eventUid: `slow-${Date.now()}-${i}` },
      }),
    );
    try {
      const answer = await sendRequest(
        `${o.url}/webhooks/podium`,
        body,
        signPodiumDelivery(body, o.secret, Date.now()),
        { timeoutMs: 10_000 },
      );
      signedStatuses.push(String(answer.status));
    } catch (error) {
      signedStatuses.push(error instanceof Error ? error.message.slice(0, 40) : 'error');
    }
  }
  return { held: await held, signedStatuses };
}
