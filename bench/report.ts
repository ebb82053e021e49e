/** The benchmark's outputs: a markdown table, and an SVG chart of latency against offered rate. */
import type { FloorResult } from './floor/measure';
import type { LoadResult } from './load';
import type { RecordLatency } from './record-latency';
import type { PacedStarts } from './temporal-paced';

export interface BenchResults {
  machine: string;
  date: string;
  httpCeiling: LoadResult;
  temporalCeiling: { startsPerSecond: number; starts: number };
  saturation: LoadResult;
  sweep: LoadResult[];
  /** The receiver's starts and hand-offs alone (no HTTP), at the sweep's half-saturation rate. */
  temporalAtHalfSaturation: PacedStarts;
  duplicates: LoadResult;
  endToEnd: {
    handler: string;
    events: number;
    seconds: number;
    completionsPerSecond: number;
    ackRate: number;
    /** Deliveries answered non-200 and retried, as Podium would. */
    retried: number;
    cpuMsPerEvent: { server: number; worker: number };
    /** Each event's record, from its start to its close (Temporal's times). */
    acceptedToDoneSeconds: RecordLatency;
  }[];
  peakRssMb: { receiver: number; worker: number };
  /** The Temporal ceiling, the saturated receiver and end to end, measured back to back. */
  rounds: {
    temporalCeiling: { startsPerSecond: number; starts: number };
    saturation: LoadResult;
    ratio: number;
    /** That round's end-to-end completions per second over its saturated ack rate. */
    endToEndOverAck: number;
    /** An empty workflow per event, as many as end to end has events: the ratio's floor. */
    floor: FloorResult;
    floorOverAck: number;
    endToEndOverFloor: number;
  }[];
  /** Medians over the rounds; `temporalCeiling` and `saturation` are the median round's. */
  ratios: {
    ackOverTemporalCeiling: number;
    endToEndOverAck: number;
    floorOverAck: number;
    endToEndOverFloor: number;
  };
}

const f = (n: number, digits = 1) => n.toFixed(digits);
const percent = (ratio: number) => `${f(ratio * 100, 0)}%`;

/** The middle value (for an even count, the lower of the two middle ones: a value measured). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
}

/** Temporal's share of the ack latency: the same starts and hand-offs, no HTTP. */
const pacedRow = (p: PacedStarts) =>
  `| Temporal alone at that 50 % (the receiver's starts and hand-offs, no HTTP) | ${f(p.rate, 0)} | ${f(p.starts / p.seconds)} | ${f(p.latencyMs.p50)} | ${f(p.latencyMs.p95)} | ${f(p.latencyMs.p99)} | ${p.failed} |`;

export function markdownReport(r: BenchResults): string {
  const row = (name: string, l: LoadResult) =>
    `| ${name} | ${l.offeredRate === null ? 'max' : f(l.offeredRate, 0)} | ${f(l.ackRate)} | ${f(l.latencyMs.p50)} | ${f(l.latencyMs.p95)} | ${f(l.latencyMs.p99)} | ${l.non2xx + l.errors + l.timeouts} |`;
  return [
    `Measured ${r.date} on ${r.machine}; embedded Temporal dev server (SQLite, WAL), receiver and worker as separate processes.`,
    '',
    '| phase | offered req/s | 200 answers/s | p50 ms | p95 ms | p99 ms | failed |',
    '|---|---|---|---|---|---|---|',
    row('HTTP ceiling (verify only)', r.httpCeiling),
    `| Temporal ceiling (direct starts) | max | ${f(r.temporalCeiling.startsPerSecond)} | | | | |`,
    ...r.sweep.map((l) => row('receiver', l)),
    pacedRow(r.temporalAtHalfSaturation),
    row('receiver, saturated', r.saturation),
    row('receiver, 30% duplicates', r.duplicates),
    '',
    '| end to end | events | seconds | completed/s | ack/s in the same run | retried deliveries | server CPU ms/event | worker CPU ms/event | accepted → done p50 / p90 / max s |',
    '|---|---|---|---|---|---|---|---|---|',
    ...r.endToEnd.map(
      (e) =>
        `| ${e.handler} | ${e.events} | ${f(e.seconds)} | ${f(e.completionsPerSecond)} | ${f(e.ackRate)} | ${e.retried} | ${f(e.cpuMsPerEvent.server, 0)} | ${f(e.cpuMsPerEvent.worker, 0)} | ${f(e.acceptedToDoneSeconds.p50)} / ${f(e.acceptedToDoneSeconds.p90)} / ${f(e.acceptedToDoneSeconds.max)} |`,
    ),
    '',
    '| round | Temporal ceiling starts/s | receiver saturated ack/s | ack / ceiling | end to end / ack | empty workflow per event: completed/s, server / worker CPU ms/event | empty workflow / ack | end to end / empty workflow |',
    '|---|---|---|---|---|---|---|---|',
    ...r.rounds.map(
      (round, i) =>
        `| ${i + 1} | ${f(round.temporalCeiling.startsPerSecond)} | ${f(round.saturation.ackRate)} | ${percent(round.ratio)} | ${percent(round.endToEndOverAck)} | ${f(round.floor.completionsPerSecond)}, ${f(round.floor.cpuMsPerEvent.server, 0)} / ${f(round.floor.cpuMsPerEvent.worker, 0)} | ${percent(round.floorOverAck)} | ${percent(round.endToEndOverFloor)} |`,
    ),
    '',
    `Medians over ${r.rounds.length} round(s): receiver ack rate / Temporal ceiling **${f(r.ratios.ackOverTemporalCeiling * 100, 0)}%**; ` +
      `end-to-end (default handler) / ack **${percent(r.ratios.endToEndOverAck)}**; ` +
      `an empty workflow per event / ack **${percent(r.ratios.floorOverAck)}**; ` +
      `end-to-end / an empty workflow per event **${percent(r.ratios.endToEndOverFloor)}**. ` +
      `Peak RSS: receiver **${r.peakRssMb.receiver} MB**, worker **${r.peakRssMb.worker} MB**.`,
    '',
  ].join('\n');
}

/**
 * A small line chart of p50/p99 ack latency against offered rate; no plotting dependency. The
 * latency axis is logarithmic: from a few ms below saturation to a second past it.
 */
export function latencyChartSvg(sweep: LoadResult[]): string {
  const points = sweep.filter((l) => l.offeredRate !== null);
  const width = 640;
  const height = 360;
  const pad = { left: 60, right: 20, top: 30, bottom: 50 };
  const maxX = Math.max(...points.map((p) => p.offeredRate!), 1);
  const [minY, maxY] = latencyAxisRange(points.flatMap((p) => [p.latencyMs.p50, p.latencyMs.p99]));
  const x = (v: number) => pad.left + (v / maxX) * (width - pad.left - pad.right);
  const y = (v: number) =>
    height -
    pad.bottom -
    (Math.log10(Math.max(v, minY) / minY) / Math.log10(maxY / minY)) *
      (height - pad.top - pad.bottom);
  const line = (pick: (l: LoadResult) => number, color: string) =>
    `<polyline fill="none" stroke="${color}" stroke-width="2" points="${points.map((p) => `${f(x(p.offeredRate!))},${f(y(pick(p)))}`).join(' ')}"/>` +
    points
      .map(
        (p) => `<circle cx="${f(x(p.offeredRate!))}" cy="${f(y(pick(p)))}" r="3" fill="${color}"/>`,
      )
      .join('');
  const xTicks = [0, 0.25, 0.5, 0.75, 1];
  const yTicks = latencyTicks(minY, maxY);
  const target = 50;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="white"/>
<text x="${width / 2}" y="18" text-anchor="middle" font-size="14">Receiver ack latency against offered rate</text>
${yTicks.map((t) => `<line x1="${pad.left}" y1="${f(y(t))}" x2="${width - pad.right}" y2="${f(y(t))}" stroke="#ddd"/><text x="${pad.left - 6}" y="${f(y(t) + 4)}" text-anchor="end">${t}</text>`).join('\n')}
<line x1="${pad.left}" y1="${f(y(target))}" x2="${width - pad.right}" y2="${f(y(target))}" stroke="#999" stroke-dasharray="6 4"/>
<text x="${pad.left + 6}" y="${f(y(target) - 4)}" fill="#666">p99 target at half saturation (${target} ms)</text>
<line x1="${pad.left}" y1="${height - pad.bottom}" x2="${width - pad.right}" y2="${height - pad.bottom}" stroke="black"/>
<line x1="${pad.left}" y1="${pad.top}" x2="${pad.left}" y2="${height - pad.bottom}" stroke="black"/>
${xTicks.map((t) => `<text x="${f(x(t * maxX))}" y="${height - pad.bottom + 16}" text-anchor="middle">${f(t * maxX, 0)}</text>`).join('\n')}
<text x="${width / 2}" y="${height - 12}" text-anchor="middle">offered requests per second</text>
<text x="16" y="${height / 2}" text-anchor="middle" transform="rotate(-90 16 ${height / 2})">latency (ms, log scale)</text>
${line((l) => l.latencyMs.p50, '#1f77b4')}
${line((l) => l.latencyMs.p99, '#d62728')}
<text x="${width - pad.right - 90}" y="${pad.top + 10}" fill="#1f77b4">p50</text>
<text x="${width - pad.right - 50}" y="${pad.top + 10}" fill="#d62728">p99</text>
</svg>
`;
}

/** Whole decades around the latencies (and the 50 ms target): [10^a, 10^b]. */
export function latencyAxisRange(latenciesMs: number[]): [number, number] {
  const positive = [...latenciesMs.filter((v) => v > 0), 50];
  return [
    10 ** Math.floor(Math.log10(Math.min(...positive))),
    10 ** Math.ceil(Math.log10(Math.max(...positive))),
  ];
}

/** 1, 2 and 5 times each decade in [minY, maxY]. */
export function latencyTicks(minY: number, maxY: number): number[] {
  const ticks: number[] = [];
  for (let decade = minY; decade <= maxY; decade *= 10)
    for (const m of [1, 2, 5])
      if (decade * m <= maxY) ticks.push(Number((decade * m).toPrecision(6)));
  return ticks;
}
