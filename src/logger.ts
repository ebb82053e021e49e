/**
 * JSON lines on stdout. Secrets are never passed to it; what customers wrote or who they are
 * is redacted by default, wherever it turns up: bodies by key, and email addresses and phone
 * numbers inside any string (a handler's error can quote a downstream's response).
 */
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

export const REDACTED = '[redacted]';

/** Keys whose values are message or delivery bodies, at any of the first three levels. */
const BODY_KEYS = ['body', 'rawBody', 'deliveryBody', 'text', 'messageBody'];
const REDACT_PATHS = BODY_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
/** E.164 (`+15555550100`) and North American (`(555) 555-0100`, `555.555.0100`) numbers. */
const PHONE = /\+\d{8,15}\b|\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b/g;

export function scrub(text: string): string {
  return text.replace(EMAIL, REDACTED).replace(PHONE, REDACTED);
}

function scrubValues(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrub(value);
  // An error as pino would print it (message, type, stack, causes), its text scrubbed too.
  if (value instanceof Error) return scrubValues(pino.stdSerializers.errWithCause(value), depth);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => scrubValues(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, scrubValues(item, depth + 1)]),
  );
}

export function createLogger(
  level: string,
  name = 'podium-webhooks',
  destination?: DestinationStream,
): Logger {
  return pino(
    {
      name,
      level,
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      formatters: { log: (object) => scrubValues(object) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((arg) => (typeof arg === 'string' ? scrub(arg) : arg));
          method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}
