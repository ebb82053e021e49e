/** The default handler when nothing else is configured: note the event and succeed. */
import { log } from '@temporalio/activity';
import type { PodiumHandler } from '../handler-registry';

export const logEvent: PodiumHandler = async ({ event, received }) => {
  log.info('podium event', { eventId: received.eventId, eventType: event.eventType });
  return Promise.resolve(`logged ${event.eventType}`);
};
