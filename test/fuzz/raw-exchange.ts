/**
 * One raw-socket exchange: write bytes exactly as given (in timed parts if asked), read what
 * comes back until the server closes or a deadline passes, and split it into responses.
 */
import { connect } from 'node:net';

export interface RawOutcome {
  statuses: number[];
  /** How the connection ended: the server closed it, reset it, or the deadline came first. */
  end: 'answered' | 'closed' | 'reset' | 'deadline';
  /** When the server closed or reset, ms after the first byte was written. */
  endedAfterMs: number | undefined;
}

export interface RawPlan {
  parts: Buffer[];
  /** Pause between parts. */
  gapMs?: number;
  /** Half-close after the last part (a truncated request ends so). */
  halfClose?: boolean;
  deadlineMs: number;
  /** Stop once this many responses came back (a kept-alive connection stays open). */
  responses?: number;
}

/** Status codes of the responses in `bytes`: each head, then its Content-Length body (or the rest). */
export function statusesOf(bytes: Buffer): number[] {
  const statuses: number[] = [];
  let at = 0;
  while (at < bytes.length) {
    const headEnd = bytes.indexOf('\r\n\r\n', at);
    if (headEnd < 0) break;
    const head = bytes.subarray(at, headEnd).toString('latin1');
    const status = /^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1];
    if (!status) break;
    statuses.push(Number(status));
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1];
    at = length === undefined ? bytes.length : headEnd + 4 + Number(length);
  }
  return statuses;
}

export function rawExchange(port: number, plan: RawPlan): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, allowHalfOpen: true });
    const received: Buffer[] = [];
    let startedAt = 0;
    let done = false;
    const finish = (end: RawOutcome['end']) => {
      if (done) return;
      done = true;
      clearTimeout(deadline);
      clearInterval(writer);
      socket.destroy();
      const statuses = statusesOf(Buffer.concat(received));
      resolve({
        statuses,
        end,
        endedAfterMs: end === 'deadline' ? undefined : Date.now() - startedAt,
      });
    };
    const deadline = setTimeout(() => finish('deadline'), plan.deadlineMs);
    let next = 0;
    const writeNext = () => {
      if (done || socket.destroyed) return;
      const part = plan.parts[next++];
      if (part) socket.write(part);
      if (next >= plan.parts.length) {
        clearInterval(writer);
        if (plan.halfClose) socket.end();
      }
    };
    let writer: NodeJS.Timeout | undefined;
    socket.on('connect', () => {
      startedAt = Date.now();
      writeNext();
      if (next < plan.parts.length) writer = setInterval(writeNext, plan.gapMs ?? 0);
    });
    socket.on('data', (chunk: Buffer) => {
      received.push(chunk);
      if (plan.responses && statusesOf(Buffer.concat(received)).length >= plan.responses) {
        finish('answered');
      }
    });
    socket.on('end', () => finish('closed'));
    socket.on('close', () => finish('closed'));
    socket.on('error', () => finish('reset'));
  });
}
