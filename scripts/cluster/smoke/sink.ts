/**
 * The smoke's forwarding target: records each forwarded event by its `webhook-id` (the event
 * id, the receiver's idempotency key), in the order the 200s were given. While closed it holds
 * each request a while, then answers 503, so that the workers keep retrying the first event of
 * each entity while the rest of the entity's events queue up behind it.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const HOLD_WHILE_CLOSED_MS = 10_000;

export interface SmokeSink {
  url: string;
  /** Event ids in the order they were first accepted. */
  accepted: string[];
  /** Event ids in the order of their last acceptance (a repeat moves an id to the end). */
  lastAccepted(): string[];
  /** Accepted deliveries of an id already accepted (a handler retried after its 200). */
  redelivered: number;
  open(): void;
  close(): Promise<void>;
}

export async function startSmokeSink(): Promise<SmokeSink> {
  let opened: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (opened = resolve));
  let isOpen = false;
  const seen = new Set<string>();
  const last = new Map<string, number>();
  let deliveries = 0;
  const sink: SmokeSink = {
    url: '',
    accepted: [],
    lastAccepted: () => [...last.entries()].sort((a, b) => a[1] - b[1]).map(([id]) => id),
    redelivered: 0,
    open() {
      isOpen = true;
      opened();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      void (async () => {
        if (!isOpen) await Promise.race([gate, sleep(HOLD_WHILE_CLOSED_MS)]);
        if (!isOpen) return res.writeHead(503).end('closed');
        const id = String(req.headers['webhook-id']);
        last.set(id, (deliveries += 1));
        if (seen.has(id)) sink.redelivered += 1;
        else {
          seen.add(id);
          sink.accepted.push(id);
        }
        res.writeHead(200).end('ok');
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  sink.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/in`;
  return sink;
}
