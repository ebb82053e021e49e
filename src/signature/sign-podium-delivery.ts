/** Signs a delivery the way Podium does: for tests, the delivery simulator and documentation. */
import { createHmac } from 'node:crypto';

function hmacHex(secret: string, timestamp: string, rawBody: Buffer | string): string {
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/** Podium's documented form: `podium-timestamp` in ms, `podium-signature` lowercase hex. */
export function signPodiumDelivery(
  rawBody: Buffer | string,
  secret: string,
  timestampMs: number,
): { 'podium-timestamp': string; 'podium-signature': string } {
  const timestamp = String(Math.trunc(timestampMs));
  return { 'podium-timestamp': timestamp, 'podium-signature': hmacHex(secret, timestamp, rawBody) };
}

/** The seeds' variant: one `x-podium-signature: t=<unix seconds>,v1=<hex>` header. */
export function signSeedDelivery(
  rawBody: Buffer | string,
  secret: string,
  timestampSeconds: number,
): { 'x-podium-signature': string } {
  const timestamp = String(Math.trunc(timestampSeconds));
  return { 'x-podium-signature': `t=${timestamp},v1=${hmacHex(secret, timestamp, rawBody)}` };
}
