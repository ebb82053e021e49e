/**
 * The forwarding target of the fault run: a ledger of effects. It verifies every request's
 * Standard Webhooks signature (FORWARD_SECRET) and that the body is byte for byte the one
 * Podium signed for that `webhook-id`, records each request, and answers as the fault plan
 * says. A request answered 200 is an effect: it happened downstream.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { answerFor, type HandlerFault } from './fault-plan';

export interface SinkRecord {
  webhookId: string;
  atMs: number;
  status: number;
  /** Why the request could not be verified, if it could not. */
  problem?: string;
}

export interface LedgerSink {
  url: string;
  records: SinkRecord[];
  /** From now on the permanent faults are fixed: those events get 200. */
  fix(): void;
  close(): Promise<void>;
}

export async function startLedgerSink(options: {
  secret: string;
  /** The raw body Podium signed, by event id (the `webhook-id` forwarding sends). */
  bodies: ReadonlyMap<string, Buffer>;
  faults: ReadonlyMap<string, HandlerFault>;
}): Promise<LedgerSink> {
  const webhook = new Webhook(options.secret);
  const records: SinkRecord[] = [];
  const requestsPerId = new Map<string, number>();
  let fixed = false;

  const problemOf = (headers: Record<string, string>, body: Buffer): string | undefined => {
    try {
      webhook.verify(body, headers);
    } catch (error) {
      return `signature: ${error instanceof Error ? error.message : String(error)}`;
    }
    const expected = options.bodies.get(headers['webhook-id'] ?? '');
    if (!expected) return 'unknown webhook-id';
    if (!expected.equals(body)) return 'body differs from the one Podium signed';
    return undefined;
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const headers = Object.fromEntries(
        ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => [
          name,
          String(req.headers[name] ?? ''),
        ]),
      );
      const webhookId = headers['webhook-id']!;
      const problem = problemOf(headers, Buffer.concat(chunks));
      const request = (requestsPerId.get(webhookId) ?? 0) + 1;
      requestsPerId.set(webhookId, request);
      const status = problem ? 401 : answerFor(options.faults.get(webhookId), request, fixed);
      records.push({ webhookId, atMs: Date.now(), status, ...(problem ? { problem } : {}) });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(problem ?? `ledger ${status}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/ledger`,
    records,
    fix: () => {
      fixed = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
