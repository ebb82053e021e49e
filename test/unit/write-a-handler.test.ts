/**
 * How to test a handler without a server: run it as the activity it becomes, in the SDK's
 * MockActivityEnvironment, with fetch pointed at a stub.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { ApplicationFailure } from '@temporalio/common';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HandlerRegistry } from '../../activities/handler-registry';
import { syncContactToCrm } from '../../activities/handlers/sync-contact-to-crm';
import { handlerActivity } from '../../activities/run-handler';
import { receivedEvent } from '../support/events';
import { podiumEvent } from '../support/podium-events';

function crmActivity() {
  const registry = new HandlerRegistry().on(
    'contact.created',
    'syncContactToCrm',
    syncContactToCrm('https://crm.test'),
  );
  return handlerActivity(registry.all()[0]!, {});
}

/** The activity environment, logging only errors (failed attempts are the point of some tests). */
const activityEnvironment = () =>
  new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR') });

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the syncContactToCrm example handler', () => {
  it('upserts the contact with the event’s idempotency key and reports the attempt', async () => {
    const fetchStub = vi.fn(async () => Promise.resolve(new Response('{}', { status: 200 })));
    vi.stubGlobal('fetch', fetchStub);
    const event = receivedEvent(podiumEvent('contact.created', { uid: 'contact-1' }));
    const outcome = await activityEnvironment().run(crmActivity(), {
      event,
      eventWorkflowId: `podium-event-${event.eventId}`,
    });
    expect(outcome).toEqual({ attempt: 1, detail: 'CRM upserted contact contact-1' });
    expect(fetchStub).toHaveBeenCalledWith(
      'https://crm.test/contacts/contact-1',
      expect.objectContaining({
        method: 'PUT',
        headers: expect.objectContaining({
          'idempotency-key': `${event.eventId}:syncContactToCrm`,
        }) as unknown,
      }),
    );
  });

  it('fails retryably when the CRM answers 503', async () => {
    vi.stubGlobal('fetch', async () => Promise.resolve(new Response('busy', { status: 503 })));
    const event = receivedEvent(podiumEvent('contact.created'));
    const failure = await new MockActivityEnvironment()
      .run(crmActivity(), { event, eventWorkflowId: `podium-event-${event.eventId}` })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect((failure as ApplicationFailure).nonRetryable).toBe(false);
    expect((failure as ApplicationFailure).message).toBe('CRM answered 503');
  });

  it('fails permanently, skipping retries, when the CRM answers 422', async () => {
    vi.stubGlobal('fetch', async () => Promise.resolve(new Response('bad phone', { status: 422 })));
    const event = receivedEvent(podiumEvent('contact.created', { uid: 'contact-2' }));
    const failure = await new MockActivityEnvironment()
      .run(crmActivity(), { event, eventWorkflowId: `podium-event-${event.eventId}` })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect((failure as ApplicationFailure).nonRetryable).toBe(true);
    expect((failure as ApplicationFailure).message).toBe('CRM rejected contact contact-2: 422');
  });
});
