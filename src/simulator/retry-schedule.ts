/**
 * Podium's redelivery schedule as modelled here: any non-200 (or no answer within 5 s) is
 * retried, about 15 attempts over about 8 hours, then the webhook is disabled. Podium does not
 * publish the exact intervals; these 14 delays sum to 7 h 49 m. `timeScale` compresses them
 * (0.001 turns 8 hours into 28 seconds) so tests and staging runs can watch the whole arc.
 */
export const PODIUM_TIMEOUT_MS = 5000;

const MINUTE = 60_000;
export const PODIUM_RETRY_DELAYS_MS: readonly number[] = [
  10_000,
  30_000,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  45 * MINUTE,
  60 * MINUTE,
  60 * MINUTE,
  60 * MINUTE,
  90 * MINUTE,
  90 * MINUTE,
];

/** Delays before attempts 2…15, scaled. */
export function retryDelays(timeScale: number): number[] {
  return PODIUM_RETRY_DELAYS_MS.map((delay) => Math.round(delay * timeScale));
}
