/**
 * What the receiver decides for each event before starting its workflow (pure: no Temporal is
 * called to plan). An ordered event is handed to its entity and its workflow starts asleep; an
 * unordered one runs at once with the plan; what cannot be planned, and an event too large to
 * travel with its ticket, are left to the event's workflow to plan.
 */
import type { Client } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { createEventPlanner, LARGEST_EVENT_CARRIED_CHARS } from '../../activities/event-plan';
import { HandlerRegistry } from '../../activities/handler-registry';
import { loadConfig } from '../../src/config';
import { createEntityHandOff, HANDOFFS_IN_FLIGHT } from '../../src/receiver/entity-hand-off';
import { receivedEvent } from '../support/events';
import { podiumEvent } from '../support/podium-events';

const config = loadConfig({ PODIUM_WEBHOOK_SECRET: 'x', ENTITY_HANDOFF_FALLBACK: '90s' });

function handOff(registry: HandlerRegistry) {
  return createEntityHandOff({
    registry,
    handlerDefaults: config.handlers,
    client: {} as Client, // planning never calls it
    taskQueue: 'q',
    ordering: config.ordering,
    onFailure: () => undefined,
  });
}

const everything = new HandlerRegistry()
  .onAny('crm', async () => Promise.resolve(), { firstAttempt: 'activity' })
  .whenLate('contact.updated', 'skip');

describe("the receiver's plan", () => {
  it('of an ordered event: its entity, its handlers and policies, and a start delay of the fallback', () => {
    const event = receivedEvent(podiumEvent('contact.updated', { uid: 'c-1' }));
    const handedOff = handOff(everything).plan(event);
    expect(handedOff?.fallbackMs).toBe(90_000);
    expect(handedOff?.plan).toMatchObject({
      ok: true,
      eventType: 'contact.updated',
      handlers: [{ name: 'crm', inline: false, retry: { maximumAttempts: 5 } }],
      ordering: { key: 'contact:c-1', creationType: 'contact.created', latePolicy: 'skip' },
    });
  });

  it('of an event of no entity (a call without its conversation): runs at once, with its plan', () => {
    const envelope = podiumEvent('call.completed');
    delete (envelope.data as { conversationUid?: string }).conversationUid;
    const handedOff = handOff(everything).plan(receivedEvent(envelope));
    expect(handedOff?.plan.ordering).toBeNull();
    expect(handedOff?.fallbackMs).toBeNull();
  });

  it('leaves to the workflow what cannot be planned: no handler, malformed, too large to carry', () => {
    const none = handOff(new HandlerRegistry().on('review.created', 'r', async () => {}));
    expect(none.plan(receivedEvent(podiumEvent('contact.updated')))).toBeUndefined();
    const malformed = receivedEvent(podiumEvent('contact.updated'), {
      malformedReason: 'not JSON',
    });
    expect(handOff(everything).plan(malformed)).toBeUndefined();
    const large = receivedEvent(
      podiumEvent('contact.updated', { data: { note: 'x'.repeat(LARGEST_EVENT_CARRIED_CHARS) } }),
    );
    // It plans (ordered, with its handlers): only its size keeps it from its entity's ticket.
    expect(
      createEventPlanner({ registry: everything, handlerDefaults: config.handlers })(large),
    ).toMatchObject({ ok: true, ordering: { key: expect.stringMatching(/^contact:/) as unknown } });
    expect(handOff(everything).plan(large)).toBeUndefined();
  });
});

describe("the receiver's hand-offs", () => {
  it(`run ${HANDOFFS_IN_FLIGHT} at a time; one queued past half the fallback is dropped, left to its workflow`, async () => {
    const fast = loadConfig({ PODIUM_WEBHOOK_SECRET: 'x', ENTITY_HANDOFF_FALLBACK: '40ms' });
    const release: Array<() => void> = [];
    const signalled: string[] = [];
    // Only the hand-off's one call: a signal-with-start that the test lets finish by hand.
    const client = {
      workflow: {
        signalWithStart: (_type: string, options: { signalArgs: [{ eventId: string }] }) =>
          new Promise<void>((resolve) => {
            signalled.push(options.signalArgs[0].eventId);
            release.push(resolve);
          }),
      },
    } as unknown as Client;
    const outcomes: string[] = [];
    const handOff = createEntityHandOff({
      registry: everything,
      handlerDefaults: fast.handlers,
      client,
      taskQueue: 'q',
      ordering: fast.ordering,
      onOutcome: (outcome) => outcomes.push(outcome),
      onFailure: () => undefined,
    });
    const events = Array.from({ length: HANDOFFS_IN_FLIGHT + 1 }, () =>
      receivedEvent(podiumEvent('contact.updated')),
    );
    for (const event of events) handOff.send(event, handOff.plan(event)!, 'run', 'wf');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(signalled).toHaveLength(HANDOFFS_IN_FLIGHT); // the last one waits its turn
    await new Promise((resolve) => setTimeout(resolve, 40)); // past half the fallback
    for (const done of release) done();
    await handOff.drain();
    expect(signalled).toHaveLength(HANDOFFS_IN_FLIGHT);
    expect(outcomes.sort()).toEqual(
      [...Array.from({ length: HANDOFFS_IN_FLIGHT }, () => 'sent'), 'late'].sort(),
    );
  });
});
