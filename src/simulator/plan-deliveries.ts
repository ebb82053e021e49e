/**
 * What a simulated Podium sends, in what order: entities' events interleaved (each entity's
 * own events shuffled on request), a share of exact redeliveries, optionally in batches.
 */
import { scenario, type Family, type SimulatedEvent } from './podium-scenarios';
import { shuffleInPlace, type Random } from './random';

export interface PlanOptions {
  /** Distinct events to send. */
  events: number;
  families: readonly Family[];
  /** Share of deliveries that repeat an earlier event byte for byte (0 ≤ share < 1). */
  duplicates: number;
  /** Shuffle each entity's events (out of causal order), as concurrent webhooks can. */
  shuffle: boolean;
  /** Events per POST; above 1, the seeds' JSON-array batch form. */
  batchSize: number;
  random: Random;
  /** Resource timestamps start here (ms). */
  startMs: number;
}

export interface PlannedDelivery {
  body: string;
  events: SimulatedEvent[];
  duplicate: boolean;
}

function entities(options: PlanOptions): SimulatedEvent[][] {
  const sequences: SimulatedEvent[][] = [];
  let count = 0;
  for (let index = 0; count < options.events; index += 1) {
    const family = options.families[index % options.families.length]!;
    const events = scenario(options.random, family, options.startMs + index * 10_000).slice(
      0,
      options.events - count,
    );
    sequences.push(options.shuffle ? shuffleInPlace(events, options.random) : events);
    count += events.length;
  }
  return sequences;
}

/** Interleaves the sequences at random, keeping each sequence's own order. */
function interleave(sequences: SimulatedEvent[][], random: Random): SimulatedEvent[] {
  const queues = sequences.map((sequence) => [...sequence]);
  const out: SimulatedEvent[] = [];
  while (queues.length > 0) {
    const index = Math.floor(random() * queues.length);
    out.push(queues[index]!.shift()!);
    if (queues[index]!.length === 0) queues.splice(index, 1);
  }
  return out;
}

export function planDeliveries(options: PlanOptions): PlannedDelivery[] {
  if (options.duplicates < 0 || options.duplicates >= 1)
    throw new RangeError('duplicates must be in [0, 1)');
  const unique = interleave(entities(options), options.random);
  const singles: Array<{ events: SimulatedEvent[]; duplicate: boolean }> = [];
  for (let i = 0; i < unique.length; i += options.batchSize) {
    singles.push({ events: unique.slice(i, i + options.batchSize), duplicate: false });
  }
  // Redeliveries: an earlier delivery again, placed after its original.
  const duplicateCount = Math.round(
    (singles.length * options.duplicates) / (1 - options.duplicates),
  );
  for (let n = 0; n < duplicateCount; n += 1) {
    const original = Math.floor(options.random() * singles.length);
    const position = original + 1 + Math.floor(options.random() * (singles.length - original));
    singles.splice(position, 0, { ...singles[original]!, duplicate: true });
  }
  return singles.map(({ events, duplicate }) => ({
    events,
    duplicate,
    body: JSON.stringify(
      events.length === 1 && options.batchSize === 1
        ? events[0]!.envelope
        : events.map((e) => e.envelope),
    ),
  }));
}
