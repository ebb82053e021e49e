/**
 * How every property test runs: a fixed seed, so that a failure reproduces (fast-check prints
 * the seed and the shrunk counterexample's path in its message), and a case count sized for a
 * two-core machine shared with other work. PROPERTY_SEED overrides the seed to explore further.
 */
import fc from 'fast-check';

export const PROPERTY_SEED = Number(process.env.PROPERTY_SEED ?? 20_261_201);

export function checkProperty<Ts extends [unknown, ...unknown[]]>(
  property: fc.IProperty<Ts>,
  numRuns: number,
): void {
  fc.assert(property, { seed: PROPERTY_SEED, numRuns });
}

export async function checkAsyncProperty<Ts extends [unknown, ...unknown[]]>(
  property: fc.IAsyncProperty<Ts>,
  numRuns: number,
): Promise<void> {
  await fc.assert(property, { seed: PROPERTY_SEED, numRuns });
}
