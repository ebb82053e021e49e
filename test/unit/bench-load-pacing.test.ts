/** The latency sweep offers each share of the saturated rate it names, past 200 a second too. */
import { describe, expect, it } from 'vitest';
import { pacing } from '../../bench/load';

const offered = (rate: number) => {
  const { connections, perConnection } = pacing(rate);
  return connections * perConnection;
};

describe('pacing a load phase', () => {
  it('opens one connection per request a second up to 200', () => {
    expect(pacing(55)).toEqual({ connections: 55, perConnection: 1 });
    expect(pacing(200)).toEqual({ connections: 200, perConnection: 1 });
  });

  it('offers rates past 200 a second within a request of the rate asked', () => {
    for (const rate of [201, 273, 399, 650]) {
      expect(Math.abs(offered(rate) - rate)).toBeLessThanOrEqual(pacing(rate).perConnection);
      expect(pacing(rate).connections).toBeLessThanOrEqual(200);
    }
  });

  it('offers at least one request a second', () => {
    expect(offered(0.2)).toBe(1);
  });
});
