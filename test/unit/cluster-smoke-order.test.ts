/** The cluster smoke's order verdict (scripts/cluster/smoke): what counts as kept order. */
import { describe, expect, it } from 'vitest';
import { misorderedEntities } from '../../scripts/cluster/smoke/order';
import { smokePlan } from '../../scripts/cluster/smoke/plan';

const plan = smokePlan(60, 5);
const causal = () => [...plan.causalOrder.values()].flat();
const entityWith = (prefix: string) =>
  [...plan.causalOrder.entries()].find(([key, ids]) => key.startsWith(prefix) && ids.length > 2)!;

describe('the smoke plan', () => {
  it('shuffles the deliveries and keeps every event with its redeliveries', () => {
    const firstEvents = plan.deliveries.map((d) => d.events[0]!.eventUid);
    expect(new Set(firstEvents)).toEqual(new Set(causal()));
    expect(plan.deliveries.some((d) => d.duplicate)).toBe(true);
    expect(firstEvents.filter((_, i) => !plan.deliveries[i]!.duplicate)).not.toEqual(causal());
  });
});

describe('the smoke order verdict', () => {
  it('accepts every entity forwarded in causal order, whatever the order across entities', () => {
    expect(misorderedEntities(plan, causal())).toEqual([]);
    const entitiesReversed = [...plan.causalOrder.values()].reverse().flat();
    expect(misorderedEntities(plan, entitiesReversed)).toEqual([]);
  });

  it('rejects a contact whose update ran before its creation', () => {
    const [contact, ids] = entityWith('contact:');
    const [created, updated] = [ids[0]!, ids[1]!];
    const swapped = causal().map((id) =>
      id === created ? updated : id === updated ? created : id,
    );
    expect(misorderedEntities(plan, swapped)).toEqual([contact]);
  });

  it('accepts a conversation that ran a later message first, the rest in order after it', () => {
    const [, ids] = entityWith('conversation:');
    const last = ids.at(-1)!;
    const reordered = causal().filter((id) => id !== last);
    reordered.splice(reordered.indexOf(ids[0]!), 0, last);
    expect(misorderedEntities(plan, reordered)).toEqual([]);
  });

  it('rejects a conversation whose queued messages ran out of order', () => {
    const [conversation, ids] = entityWith('conversation:');
    const swapped = causal().map((id) => (id === ids[1] ? ids[2]! : id === ids[2] ? ids[1]! : id));
    expect(misorderedEntities(plan, swapped)).toEqual([conversation]);
  });

  it('rejects an entity with an event never forwarded', () => {
    const [contact, ids] = entityWith('contact:');
    expect(
      misorderedEntities(
        plan,
        causal().filter((id) => id !== ids[1]),
      ),
    ).toEqual([contact]);
  });
});
