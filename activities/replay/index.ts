/** The replay job's activity: act on one batch of event workflows, a few at a time. */
import type { Client } from '@temporalio/client';
import type { ItemOutcome } from '../../workflows/replay-shared';
import { actOnEvent, type ReplayRequest } from './act-on-event';

/** Concurrent items within a batch: enough to hide round trips, gentle on the cluster. */
const CONCURRENCY = 8;

export function createReplayActivities(deps: { client: Client }) {
  return {
    async actOnEvents(request: ReplayRequest): Promise<ItemOutcome[]> {
      const outcomes: ItemOutcome[] = new Array<ItemOutcome>(request.workflowIds.length);
      let next = 0;
      const lane = async () => {
        while (next < request.workflowIds.length) {
          const index = next++;
          outcomes[index] = await actOnEvent(deps.client, request, request.workflowIds[index]!);
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, lane));
      return outcomes;
    },
  };
}
