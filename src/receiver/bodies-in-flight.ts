/**
 * A bound on request bodies being read at once. Each is buffered up to MAX_BODY_BYTES until it
 * has all arrived, so without one, slow senders grew the receiver without limit (150 half-sent
 * 1 MiB bodies: 81 → 221 MB). The request timeout drops each slow sender; this bounds how many
 * can be held meanwhile. A request over the bound is refused before its body is read.
 */
import type { RequestHandler } from 'express';
import { TooManyBodiesInFlightError } from './rejections';

export function boundBodiesInFlight(max: number): RequestHandler {
  let reading = 0;
  return (req, res, next) => {
    if (reading >= max) {
      next(new TooManyBodiesInFlightError(`${reading} bodies already arriving`));
      return;
    }
    reading += 1;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      reading -= 1;
    };
    // Whichever comes first: the body read to its end, or the exchange over (answered, dropped).
    req.once('end', release);
    res.once('close', release);
    next();
  };
}
