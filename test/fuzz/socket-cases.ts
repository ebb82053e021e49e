/**
 * Raw-socket cases, where node:http would refuse to send what is asked: request smuggling by
 * Content-Length and Transfer-Encoding, broken framing, pipelining, truncated bodies.
 * `allowed` lists the statuses each response may have, in order when `exact` is set.
 */
import { signPodiumDelivery } from '../../src/signature/sign-podium-delivery';
import type { RawPlan } from './raw-exchange';

export interface SocketCase {
  name: string;
  plan: RawPlan;
  /** Every response must be a 4xx (unsigned input), or exactly these statuses in this order. */
  expect: { kind: 'all-4xx' } | { kind: 'exact'; statuses: number[] };
}

const CRLF = '\r\n';
const head = (lines: string[]) => lines.join(CRLF) + CRLF + CRLF;
const POST = 'POST /webhooks/podium HTTP/1.1';
const HOST = 'Host: 127.0.0.1';

function signedRequest(secret: string, n: number, extra: string[] = []): string {
  const body = JSON.stringify({
    data: { n },
    metadata: {
      eventType: 'message.received',
      eventUid: `raw-${Date.now()}-${n}-${Math.random()}`,
    },
  });
  const sig = signPodiumDelivery(body, secret, Date.now());
  return (
    head([
      POST,
      HOST,
      'Content-Type: application/json',
      `Content-Length: ${Buffer.byteLength(body)}`,
      `podium-timestamp: ${sig['podium-timestamp']}`,
      `podium-signature: ${sig['podium-signature']}`,
      ...extra,
    ]) + body
  );
}

const unsignedRequest = (marker: string) =>
  head([POST, HOST, `Content-Length: ${marker.length}`]) + marker;

/** One write; a kept-alive connection is left after 3 s, or once `responses` came back. */
const once = (text: string, responses?: number): RawPlan => ({
  parts: [Buffer.from(text, 'latin1')],
  deadlineMs: responses ? 30_000 : 3_000,
  ...(responses ? { responses } : {}),
});

export function socketCases(secret: string, marker: () => string): SocketCase[] {
  const m = marker;
  const framing: Array<[string, string]> = [
    [
      'CL and TE',
      head([POST, HOST, 'Content-Length: 6', 'Transfer-Encoding: chunked']) +
        `0${CRLF}${CRLF}${m()}`,
    ],
    [
      'TE and CL',
      head([POST, HOST, 'Transfer-Encoding: chunked', 'Content-Length: 40']) +
        `0${CRLF}${CRLF}${m()}`,
    ],
    [
      'TE chunked, identity',
      head([POST, HOST, 'Transfer-Encoding: chunked, identity']) +
        `5${CRLF}${m().slice(0, 5)}${CRLF}0${CRLF}${CRLF}`,
    ],
    [
      'TE xchunked',
      head([POST, HOST, 'Transfer-Encoding: xchunked', 'Content-Length: 5']) + 'hello',
    ],
    [
      'TE twice',
      head([POST, HOST, 'Transfer-Encoding: chunked', 'Transfer-Encoding: chunked']) +
        `0${CRLF}${CRLF}`,
    ],
    ['two CL values', head([POST, HOST, 'Content-Length: 5', 'Content-Length: 6']) + 'hello!'],
    ['CL list', head([POST, HOST, 'Content-Length: 5, 5']) + 'hello'],
    ['CL +5', head([POST, HOST, 'Content-Length: +5']) + 'hello'],
    ['CL -1', head([POST, HOST, 'Content-Length: -1']) + 'hello'],
    ['CL hex', head([POST, HOST, 'Content-Length: 0x5']) + 'hello'],
    ['CL overflow', head([POST, HOST, 'Content-Length: 99999999999999999999999']) + 'hello'],
    [
      'chunk size overflow',
      head([POST, HOST, 'Transfer-Encoding: chunked']) + `fffffffffffffffffffff${CRLF}x${CRLF}`,
    ],
    [
      'chunk extension junk',
      head([POST, HOST, 'Transfer-Encoding: chunked']) +
        `5;\u0000=\u0001${CRLF}hello${CRLF}0${CRLF}${CRLF}`,
    ],
    ['bare LF', `${POST}\n${HOST}\nContent-Length: 2\n\n{}`],
    ['obs-fold', head([POST, HOST, 'X-A: a', ' folded', 'Content-Length: 2']) + '{}'],
    ['space before colon', head([POST, HOST, 'Content-Length : 2']) + '{}'],
    ['NUL in header', head([POST, HOST, 'X-A: a\u0000b', 'Content-Length: 2']) + '{}'],
    ['HTTP/2.0 line', head(['POST /webhooks/podium HTTP/2.0', HOST, 'Content-Length: 2']) + '{}'],
    ['HTTP/9.9 line', head(['POST /webhooks/podium HTTP/9.9', HOST, 'Content-Length: 2']) + '{}'],
    ['HTTP/1.0', head(['POST /webhooks/podium HTTP/1.0', 'Content-Length: 2']) + '{}'],
    [
      'absolute form',
      head(['POST http://evil.invalid/webhooks/podium HTTP/1.1', HOST, 'Content-Length: 2']) + '{}',
    ],
    ['asterisk', head(['POST * HTTP/1.1', HOST, 'Content-Length: 2']) + '{}'],
    ['unknown method', head(['FOO /webhooks/podium HTTP/1.1', HOST, 'Content-Length: 2']) + '{}'],
    ['no host', head([POST, 'Content-Length: 2']) + '{}'],
    [
      '100 KB target',
      head([`POST /webhooks/podium?${'q'.repeat(100_000)} HTTP/1.1`, HOST, 'Content-Length: 2']) +
        '{}',
    ],
    [
      'smuggled after chunked',
      head([POST, HOST, 'Transfer-Encoding: chunked']) + `0${CRLF}${CRLF}` + unsignedRequest(m()),
    ],
    ['garbage', `\u0016\u0003\u0001\u0000\u00a5\u0001\u0000${m()}`],
  ];
  const cases: SocketCase[] = framing.map(([name, text]) => ({
    name,
    plan: once(text),
    expect: { kind: 'all-4xx' },
  }));
  // A signed request and an unsigned one pipelined behind it, in one write: each judged alone.
  cases.push({
    name: 'signed then smuggled',
    plan: once(signedRequest(secret, 1) + unsignedRequest(m()), 2),
    expect: { kind: 'exact', statuses: [200, 401] },
  });
  const pipelined = Array.from({ length: 10 }, (_, i) =>
    i % 2 === 0 ? signedRequest(secret, i) : unsignedRequest(m()),
  );
  cases.push({
    name: 'pipelined ten',
    plan: once(pipelined.join(''), 10),
    expect: { kind: 'exact', statuses: [200, 401, 200, 401, 200, 401, 200, 401, 200, 401] },
  });
  const truncated = head([POST, HOST, 'Content-Length: 1000']) + m();
  cases.push({
    name: 'truncated, half-closed',
    plan: { ...once(truncated), halfClose: true },
    expect: { kind: 'all-4xx' },
  });
  const truncatedSigned = signedRequest(secret, 99);
  cases.push({
    name: 'signed, truncated',
    plan: { ...once(truncatedSigned.slice(0, -10)), halfClose: true },
    expect: { kind: 'all-4xx' },
  });
  return cases;
}
