/**
 * How many of a phase's workflows are done, by a visibility count polled twice a second until
 * it reaches the phase's events, or ten minutes after the phase began (it then reports what did).
 */
import type { Client } from '@temporalio/client';
import { setTimeout as sleep } from 'node:timers/promises';

const GIVE_UP_AFTER_MS = 600_000;

export async function countWhenDone(
  client: Client,
  query: string,
  events: number,
  beganMs: number,
): Promise<number> {
  let done = 0;
  while (done < events && Date.now() - beganMs < GIVE_UP_AFTER_MS) {
    await sleep(500);
    done = (await client.workflow.count(query)).count;
  }
  return done;
}
