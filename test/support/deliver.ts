/** Sends a delivery the way Podium does: signed, one POST, JSON answer. */
import { signPodiumDelivery } from '../../src/signature/sign-podium-delivery';
import { TEST_SECRET } from './temporal';

export interface DeliveryAnswer {
  status: number;
  body: Record<string, unknown>;
}

export interface DeliverOptions {
  secret?: string;
  timestampMs?: number;
  /** Replace the signature headers entirely (for rejection cases). */
  headers?: Record<string, string>;
}

export async function deliver(
  receiverUrl: string,
  body: string | Buffer,
  options: DeliverOptions = {},
): Promise<DeliveryAnswer> {
  const headers =
    options.headers ??
    signPodiumDelivery(body, options.secret ?? TEST_SECRET, options.timestampMs ?? Date.now());
  const response = await fetch(`${receiverUrl}/webhooks/podium`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await response.text();
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    parsed = { text };
  }
  return { status: response.status, body: parsed };
}
