/** Quoting visibility queries in one place (issue 12, finding 3). */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isSearchableName, searchableId } from '../../src/temporal/usable-id';
import { eventQuery, VisibilityQueryError } from '../../src/temporal/visibility-query';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('searchable names', () => {
  it('are printable ASCII without quotes, backslashes or question marks, up to 200 characters', () => {
    expect(isSearchableName('contact.created')).toBe(true);
    expect(isSearchableName('!#$%&()*+,-./:;<=>@[]^_`{|}~')).toBe(true);
    // `?` fails every query on PostgreSQL visibility, taken there for a bind parameter.
    for (const value of ['a"b', "a'b", 'a\\b', 'a?b', 'a b', 'x'.repeat(201), '', 'é']) {
      expect(isSearchableName(value)).toBe(false);
    }
    expect(searchableId('3f1c-uid')).toBe('3f1c-uid');
    expect(searchableId('a"b')).toBe(`sha256-${sha256('a"b')}`);
  });
});

describe('eventQuery', () => {
  it('quotes each filter as the README documents it', () => {
    expect(eventQuery({ status: 'parked', type: 'contact.updated', entity: 'contact:c-1' })).toBe(
      "WorkflowType = 'podiumEventWorkflow' AND PodiumEventStatus = 'parked' AND PodiumEventType = 'contact.updated' AND PodiumOrderingKey = 'contact:c-1'",
    );
  });

  it('finds an entity by the uid Podium sent, which the service keeps hashed', () => {
    expect(eventQuery({ entity: "contact:o'brien\\1" })).toBe(
      `WorkflowType = 'podiumEventWorkflow' AND PodiumOrderingKey = 'contact:sha256-${sha256("o'brien\\1")}'`,
    );
  });

  it.each(['type\\', 'a"b', "a'b"])(
    'refuses the type %s, which no event is written with, naming where such events are',
    (type) => {
      // Before: `events list --type 'type\'` sent a query Temporal could not parse.
      expect(() => eventQuery({ type })).toThrow(VisibilityQueryError);
      expect(() => eventQuery({ type })).toThrow(/kept as 'malformed'/);
    },
  );
});
