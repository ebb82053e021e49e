/**
 * A bound on request bodies being read at once. Each is buffered up to MAX_BODY_BYTES until it
 * has all arrived, so without one, slow senders grew the receiver without limit (150 half-sent
 * 1 MiB bodies: 81 → 221 MB). The request timeout drops each slow sender in the end; this bounds
 * how many can be held meanwhile.
 *
 * When the bound is reached, the body that has been arriving longest is dropped to make room,
 * not the new one: a Podium body arrives in milliseconds, so the oldest body still arriving is
 * a slow sender's. Refusing the newcomer instead let a few dozen slow senders turn away every
 * signed delivery until their timeouts ran out (found by `npm run fuzz`).
 */
import type { Request, RequestHandler } from 'express';

/** `onDropped` is told of each body dropped, for the rejection log. */
export function boundBodiesInFlight(
  max: number,
  onDropped: (req: Request) => void,
): RequestHandler {
  /** In arrival order: the first is the one arriving longest. */
  const arriving = new Set<Request>();
  return (req, res, next) => {
    if (arriving.size >= max) {
      const oldest = arriving.values().next().value!;
      arriving.delete(oldest);
      oldest.destroy();
      onDropped(oldest);
    }
    arriving.add(req);
    // Whichever comes first: the body read to its end, or the exchange over (answered, dropped).
    const release = () => arriving.delete(req);
    req.once('end', release);
    res.once('close', release);
    next();
  };
}
