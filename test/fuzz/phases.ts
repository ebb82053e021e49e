/** The fuzz run's three phases, each judging its cases into the tally. */
import { sendRequest } from '../property/send-request';
import { encodingCases, giantHeaderCases, nestingCases } from './edge-cases';
import type { CaseContext, HttpCase } from './http-case';
import { generatedCases, methodAndPathCases } from './http-cases';
import { judgeHttp, judgeSlow, judgeSocket, labelOf, socketLabel, type Sent } from './judge';
import { rawExchange } from './raw-exchange';
import { slowClients } from './slow-clients';
import { socketCases } from './socket-cases';
import type { Tally } from './tally';

async function sendHttp(url: string, c: HttpCase): Promise<Sent> {
  const { headers, body } = c.build();
  try {
    const answer = await sendRequest(`${url}${c.path}`, body, headers, {
      method: c.method,
      timeoutMs: 20_000,
    });
    return { answer };
  } catch (error) {
    return { error: error as Error };
  }
}

/** Runs `each` over `items`, `lanes` at a time, starting none after `until`; returns how many ran. */
async function inLanes<T>(
  items: T[],
  lanes: number,
  until: number,
  each: (item: T) => Promise<void>,
) {
  let next = 0;
  const lane = async () => {
    while (next < items.length && Date.now() < until) await each(items[next++]!);
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  return next;
}

export async function httpPhase(
  url: string,
  ctx: CaseContext,
  count: number,
  lanes: number,
  until: number,
  tally: Tally,
) {
  const cases = [
    ...methodAndPathCases(ctx),
    ...giantHeaderCases(ctx),
    ...encodingCases(ctx),
    ...nestingCases(ctx),
    ...generatedCases(ctx, count),
  ];
  const started = Date.now();
  const sent = await inLanes(cases, lanes, until, async (c) => {
    const result = await sendHttp(url, c);
    tally.record(c.group, labelOf(result), judgeHttp(c.expect, result), c.knownDefect);
  });
  console.log(
    `HTTP: ${sent} of ${cases.length} cases in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
}

export async function socketPhase(port: number, ctx: CaseContext, tally: Tally) {
  const cases = socketCases(ctx.secret, ctx.marker);
  for (const c of cases) {
    const outcome = await rawExchange(port, c.plan);
    tally.record(`socket: ${c.name}`, socketLabel(outcome), judgeSocket(c.expect, outcome));
  }
  console.log(`Raw sockets: ${cases.length} cases`);
}

export async function slowPhase(url: string, ctx: CaseContext, limitMs: number, tally: Tally) {
  console.log(`Slow and idle clients (limit ${limitMs / 1000} s)…`);
  const port = Number(new URL(url).port);
  const slow = await slowClients({ port, url, secret: ctx.secret, limitMs, marker: ctx.marker });
  for (const { kind, outcome } of slow.held) {
    const { label, problem } = judgeSlow(outcome, limitMs);
    // issue 12 defect 4 is about holding sockets; a 5xx to a slow client is a failure of its own.
    tally.record(`slow: ${kind}`, label, problem, problem === 'a 5xx' ? undefined : 4);
  }
  for (const status of slow.signedStatuses) {
    tally.record(
      'signed while held',
      status,
      status === '200' ? undefined : `a signed delivery got ${status}`,
    );
  }
}
