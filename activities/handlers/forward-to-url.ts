/**
 * The default handler when FORWARD_URL is set: delivers each event onward as a signed webhook
 * in the Standard Webhooks format (https://www.standardwebhooks.com), body byte for byte.
 * Sending rules from the webhook checklist: 10 s timeout, no redirects followed, 2xx is
 * success, 408/429/5xx and network failures are retried, any other status is permanent.
 */
import { performance } from 'node:perf_hooks';
import { Webhook } from 'standardwebhooks';
import type { ForwardingSettings } from '../../src/config';
import { PermanentHandlerError, type PodiumHandler } from '../handler-registry';

const EXCERPT_CHARS = 200;

function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

export function forwardToUrl(settings: ForwardingSettings): PodiumHandler {
  const webhook = new Webhook(settings.secret);
  return async ({ rawBody, received }) => {
    const sentAt = new Date();
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'podium-webhooks',
      'webhook-id': received.eventId,
      'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
      'webhook-signature': webhook.sign(received.eventId, sentAt, rawBody),
    };
    const started = performance.now();
    let response: Response;
    try {
      response = await fetch(settings.url, {
        method: 'POST',
        headers,
        body: rawBody,
        redirect: 'manual',
        signal: AbortSignal.timeout(settings.timeoutMs),
      });
    } catch (error) {
      const ms = Math.round(performance.now() - started);
      const cause = error instanceof Error ? (error.cause ?? error) : error;
      throw new Error(`POST ${settings.url} failed after ${ms} ms: ${String(cause)}`);
    }
    const excerpt = (await response.text().catch(() => '')).slice(0, EXCERPT_CHARS);
    const ms = Math.round(performance.now() - started);
    const detail = `POST ${settings.url} → ${response.status} in ${ms} ms${excerpt ? `: ${excerpt}` : ''}`;
    if (response.status >= 200 && response.status < 300) return detail;
    if (isRetryableStatus(response.status)) throw new Error(detail);
    throw new PermanentHandlerError(detail);
  };
}
