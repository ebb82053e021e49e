/** Podium-like traffic, from the simulator, against the real receiver and Temporal. */
import { describe, expect, it } from 'vitest';
import { FAMILIES } from '../../src/simulator/podium-scenarios';
import { planDeliveries } from '../../src/simulator/plan-deliveries';
import { simulatePodium } from '../../src/simulator/podium-streams';
import { seededRandom } from '../../src/simulator/random';
import { testConfig, TEST_SECRET, withReceiver, useHarness } from '../support/temporal';

const harness = useHarness();

describe('simulated Podium traffic', () => {
  it('with 30% redeliveries, shuffled, on four streams: every event accepted once, every redelivery a duplicate', async () => {
    const config = testConfig();
    const deliveries = planDeliveries({
      events: 60,
      families: FAMILIES,
      duplicates: 0.3,
      shuffle: true,
      batchSize: 1,
      random: seededRandom(1),
      startMs: Date.now(),
    });
    await withReceiver(harness().client, config, async ({ url }) => {
      const result = await simulatePodium({
        url: `${url}/webhooks/podium`,
        secret: TEST_SECRET,
        deliveries,
        streams: 4,
        timeScale: 0.0001,
      });
      const results = result.outcomes.map((outcome) => outcome.result);
      expect(results.filter((r) => r === 'accepted')).toHaveLength(60);
      expect(results.filter((r) => r === 'duplicate')).toHaveLength(deliveries.length - 60);
      expect(result.stalled).toBe(0);
    });
    const query = `TaskQueue = '${config.temporal.taskQueue}' AND WorkflowType = 'podiumEventWorkflow'`;
    // Visibility is eventually consistent: poll until it has caught up.
    await expect.poll(async () => (await harness().client.workflow.count(query)).count).toBe(60);
  });
});
