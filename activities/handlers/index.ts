/**
 * THE place to register handlers. Add yours here:
 *
 *   registry.on('contact.created', 'syncContactToCrm', syncContactToCrm, { retry: { maximumAttempts: 8 } });
 *
 * Handlers for a type run in registration order, then the catch-alls. Out of the box every
 * event is forwarded to FORWARD_URL when it is set, and otherwise logged.
 */
import type { Config } from '../../src/config';
import { HandlerRegistry } from '../handler-registry';
import { forwardToUrl } from './forward-to-url';
import { logEvent } from './log-event';

export function registerHandlers(config: Pick<Config, 'forwarding'>): HandlerRegistry {
  const registry = new HandlerRegistry();
  if (config.forwarding) registry.onAny('forwardToUrl', forwardToUrl(config.forwarding));
  else registry.onAny('logEvent', logEvent);
  return registry;
}
