/** What each case's answer must be, as one outcome label and a problem (undefined: it held). */
import type { Answer } from '../property/send-request';
import type { Expectation } from './http-case';
import type { RawOutcome } from './raw-exchange';
import type { SocketCase } from './socket-cases';

export type Sent = { answer: Answer } | { error: Error & { code?: string } };

export function labelOf(sent: Sent): string {
  if ('answer' in sent) return String(sent.answer.status);
  if (sent.error.message.startsWith('no answer within')) return 'timeout';
  const code = sent.error.code ?? '';
  if (['ECONNRESET', 'EPIPE'].includes(code) || sent.error.message === 'socket hang up')
    return 'reset';
  return `not sent (${code || sent.error.message.slice(0, 30)})`;
}

export function judgeHttp(expect: Expectation, sent: Sent): string | undefined {
  const label = labelOf(sent);
  const status = 'answer' in sent ? sent.answer.status : undefined;
  if (status !== undefined && status >= 500)
    return `answered ${status}: ${'answer' in sent ? sent.answer.body.slice(0, 120) : ''}`;
  if (label === 'timeout') return 'no answer in time';
  const is4xx = status !== undefined && status >= 400 && status < 500;
  switch (expect) {
    case 'accept':
      return status === 200 ? undefined : `authentic delivery answered ${label}`;
    case 'refuse':
      return is4xx || label === 'reset' ? undefined : `expected a refusal, got ${label}`;
    case 'either':
      return status === 200 || is4xx || label === 'reset' ? undefined : `got ${label}`;
    case 'no-5xx':
      return undefined;
  }
}

export function socketLabel(outcome: RawOutcome): string {
  const statuses = outcome.statuses.length ? outcome.statuses.join('+') : 'no answer';
  return `${statuses}, ${outcome.end}`;
}

export function judgeSocket(expect: SocketCase['expect'], outcome: RawOutcome): string | undefined {
  const { statuses } = outcome;
  if (statuses.some((s) => s >= 500)) return `a 5xx: ${statuses.join(', ')}`;
  if (expect.kind === 'exact') {
    return statuses.join(',') === expect.statuses.join(',')
      ? undefined
      : `expected ${expect.statuses.join(',')}, got ${statuses.join(',') || 'none'} (${outcome.end})`;
  }
  if (statuses.some((s) => s < 400)) return `unsigned input answered ${statuses.join(', ')}`;
  if (statuses.length === 0 && outcome.end === 'deadline') return 'neither answered nor closed';
  return undefined;
}

/** A slow or idle socket must be closed by the server within the limit. */
export function judgeSlow(
  outcome: RawOutcome,
  limitMs: number,
): { label: string; problem: string | undefined } {
  if (outcome.statuses.some((s) => s >= 500))
    return { label: `${outcome.statuses.join('+')}`, problem: 'a 5xx' };
  if (outcome.end === 'deadline' || (outcome.endedAfterMs ?? Infinity) > limitMs) {
    return { label: 'held past the limit', problem: `still open after ${limitMs / 1000} s` };
  }
  const seconds = Math.ceil((outcome.endedAfterMs ?? 0) / 1000);
  const answered = outcome.statuses.length ? ` (${outcome.statuses.join('+')})` : '';
  return { label: `dropped within ${Math.ceil(seconds / 5) * 5} s${answered}`, problem: undefined };
}
