import { pino, type Logger } from 'pino';

export type { Logger };

/** JSON lines on stdout; secrets and bodies are never passed to it. */
export function createLogger(level: string, name = 'podium-webhooks'): Logger {
  return pino({ name, level });
}
