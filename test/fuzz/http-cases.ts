/**
 * The fuzz run's bulk HTTP cases: the property tests' generated requests, and every odd
 * method on every odd spelling of a path. A body the receiver must reject carries a marker,
 * which must never reach its log.
 */
import fc from 'fast-check';
import { materialize, requestPlanArb } from '../property/request-plans';
import {
  post,
  unsigned,
  WEBHOOK,
  type CaseContext,
  type Expectation,
  type HttpCase,
} from './http-case';

export function generatedCases(ctx: CaseContext, count: number): HttpCase[] {
  return fc.sample(requestPlanArb, { seed: ctx.seed, numRuns: count }).map((plan) => {
    const { authentic } = materialize(plan, ctx.secret, Date.now());
    const body = authentic ? plan.body : Buffer.concat([Buffer.from(ctx.marker()), plan.body]);
    const expect: Expectation =
      !authentic || body.length > ctx.maxBodyBytes ? 'refuse' : plan.encoding ? 'either' : 'accept';
    return post('generated', expect, () => materialize({ ...plan, body }, ctx.secret, Date.now()));
  });
}

const METHODS = [
  'GET',
  'PUT',
  'DELETE',
  'PATCH',
  'OPTIONS',
  'HEAD',
  'TRACE',
  'PROPFIND',
  'PURGE',
  'POST',
];
const PATHS = [
  WEBHOOK,
  `${WEBHOOK}/`,
  '/WEBHOOKS/PODIUM',
  `${WEBHOOK}?a=1&a=2`,
  '//webhooks//podium',
  '/webhooks/podium/..%2f..%2f',
  '/webhooks/%70odium',
  `/${'a'.repeat(8000)}`,
  '/healthz',
  '/nope',
  '/%00',
  '/%ff%fe',
];

export function methodAndPathCases(ctx: CaseContext): HttpCase[] {
  return METHODS.flatMap((method) =>
    PATHS.map((path): HttpCase => ({
      group: 'methods-paths',
      method,
      path,
      build: () =>
        unsigned(Buffer.from(`${ctx.marker()} {}`), { 'content-type': 'application/json' }),
      // An unsigned POST to any spelling of the webhook path is refused; the rest must not fail.
      expect: method === 'POST' && path !== '/healthz' ? 'refuse' : 'no-5xx',
    })),
  );
}
