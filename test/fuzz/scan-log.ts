/** The receiver's log must hold neither the secret nor any byte of a rejected body. */
import type { Tally } from './tally';

/** Markers are planted only in bodies the receiver must reject (see http-cases.ts). */
const MARKER = /fzm\d+x\d+q/g;

export function scanLog(output: string, secret: string, tally: Tally): void {
  const lines = output.split('\n').filter(Boolean);
  const warnings = lines.filter((line) => line.includes('"level":40')).length;
  console.log(`Receiver log: ${lines.length} lines (${warnings} warnings), ${output.length} bytes`);
  const secretHits = output.split(secret).length - 1;
  tally.record(
    'log: secret',
    `${secretHits} found`,
    secretHits ? `the secret is in the log ${secretHits} times` : undefined,
  );
  const markers = output.match(MARKER) ?? [];
  tally.record(
    'log: rejected bodies',
    `${markers.length} markers found`,
    markers.length
      ? `rejected bodies reached the log: ${[...new Set(markers)].slice(0, 5).join(', ')}`
      : undefined,
  );
}
