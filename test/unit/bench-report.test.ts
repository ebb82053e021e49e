import { describe, expect, it } from 'vitest';
import type { LoadResult } from '../../bench/load';
import {
  latencyAxisRange,
  latencyChartSvg,
  latencyTicks,
  markdownReport,
  median,
  type BenchResults,
} from '../../bench/report';

const at = (offeredRate: number, p50: number, p99: number): LoadResult => ({
  offeredRate,
  requests: offeredRate * 10,
  ok: offeredRate * 10,
  duplicates: 0,
  non2xx: 0,
  errors: 0,
  timeouts: 0,
  seconds: 10,
  ackRate: offeredRate,
  latencyMs: { p50, p95: p99, p99, max: p99 },
});

describe('median', () => {
  it('is the middle of an odd count, whatever the order', () => {
    expect(median([83, 76, 90])).toBe(83);
  });

  it('is the lower middle of an even count: always a value that was measured', () => {
    expect(median([4, 1, 3, 2])).toBe(2);
  });

  it('does not reorder its argument', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('the latency chart', () => {
  it('spans whole decades around the latencies and the 50 ms target', () => {
    expect(latencyAxisRange([7.6, 32.3, 1204.7])).toEqual([1, 10_000]);
    expect(latencyAxisRange([12, 30])).toEqual([10, 100]);
    expect(latencyAxisRange([100, 1000])).toEqual([10, 1000]);
  });

  it('marks 1, 2 and 5 of each decade', () => {
    expect(latencyTicks(10, 1000)).toEqual([10, 20, 50, 100, 200, 500, 1000]);
    expect(latencyTicks(0.1, 1)).toEqual([0.1, 0.2, 0.5, 1]);
  });

  it('draws equal latency ratios as equal heights (log scale)', () => {
    const svg = latencyChartSvg([at(25, 10, 100), at(50, 100, 1000)]);
    const p99 = /<polyline[^>]*stroke="#d62728"[^>]*points="([^"]+)"/.exec(svg)![1]!;
    const p50 = /<polyline[^>]*stroke="#1f77b4"[^>]*points="([^"]+)"/.exec(svg)![1]!;
    const ys = (points: string) => points.split(' ').map((p) => Number(p.split(',')[1]));
    const [a, b] = ys(p50);
    const [c, d] = ys(p99);
    // 10 → 100 and 100 → 1000 are one decade each: the same vertical step.
    expect(a! - b!).toBeCloseTo(c! - d!, 0);
    expect(a! - c!).toBeCloseTo(a! - b!, 0);
    expect(a! - b!).toBeGreaterThan(50);
  });
});

describe('the markdown report', () => {
  const load = at(100, 10, 40);
  const round = { temporalCeiling: { startsPerSecond: 150, starts: 1500 }, saturation: load };
  const floor = {
    events: 500,
    seconds: 8,
    completionsPerSecond: 62.5,
    cpuMsPerEvent: { server: 15.2, worker: 7.6 },
  };
  const results: BenchResults = {
    machine: '2 × test cpu',
    date: '2026-12-02',
    httpCeiling: load,
    ...round,
    sweep: [load],
    temporalAtHalfSaturation: {
      rate: 50,
      starts: 500,
      seconds: 10.2,
      failed: 0,
      latencyMs: { p50: 6.04, p95: 21.5, p99: 38.26, max: 61 },
    },
    duplicates: load,
    endToEnd: [
      {
        handler: 'default (log)',
        events: 500,
        seconds: 14.3,
        completionsPerSecond: 35,
        ackRate: 83,
        retried: 0,
        cpuMsPerEvent: { server: 24, worker: 17 },
        acceptedToDoneSeconds: { p50: 6.94, p90: 8.5, max: 9.31 },
      },
    ],
    peakRssMb: { receiver: 140, worker: 350 },
    rounds: [
      {
        ...round,
        ratio: 0.67,
        endToEndOverAck: 0.35,
        floor,
        floorOverAck: 0.625,
        endToEndOverFloor: 0.56,
      },
    ],
    ratios: {
      ackOverTemporalCeiling: 0.67,
      endToEndOverAck: 0.35,
      floorOverAck: 0.625,
      endToEndOverFloor: 0.56,
    },
  };

  it("gives each end-to-end phase its records' time from acceptance to done", () => {
    expect(markdownReport(results)).toContain(
      '| default (log) | 500 | 14.3 | 35.0 | 83.0 | 0 | 24 | 17 | 6.9 / 8.5 / 9.3 |',
    );
  });

  it("sets each round's end to end beside its floor, an empty workflow per event", () => {
    const report = markdownReport(results);
    expect(report).toContain('| 1 | 150.0 | 100.0 | 67% | 35% | 62.5, 15 / 8 | 63% | 56% |');
    expect(report).toContain(
      'an empty workflow per event / ack **63%**; end-to-end / an empty workflow per event **56%**',
    );
  });

  it('sets Temporal alone, the same starts and hand-offs without HTTP, beside the receiver', () => {
    expect(markdownReport(results)).toContain(
      "| Temporal alone at that 50 % (the receiver's starts and hand-offs, no HTTP) | 50 | 49.0 | 6.0 | 21.5 | 38.3 | 0 |",
    );
  });
});
