/** A pino logger whose lines the test can read: to see what a receiver logged, and at what level. */
import { pino, type Logger } from 'pino';

export interface CapturedLog {
  logger: Logger;
  lines: () => string[];
  /** Parsed lines at `level` or above (pino: 40 warn, 50 error, 60 fatal). */
  atLeast: (level: number) => Record<string, unknown>[];
}

export function captureLog(level = 'info'): CapturedLog {
  const lines: string[] = [];
  const logger = pino({ level }, { write: (line: string) => void lines.push(line) });
  return {
    logger,
    lines: () => lines,
    atLeast: (min) =>
      lines
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((entry) => Number(entry.level) >= min),
  };
}
