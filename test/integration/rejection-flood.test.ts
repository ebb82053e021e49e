/**
 * Finding (issue 12, defect 8): every rejected request logged a warning line (8,783 lines in
 * one probe), so a flood of forged deliveries could fill the disk. Against a real receiver,
 * 1,000 forged deliveries now write the first rejection and one line of counts.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { listenReceiver } from '../../src/receiver/listen';
import { signPodiumDelivery } from '../../src/signature/sign-podium-delivery';
import { deliver } from '../support/deliver';
import { captureLog } from '../support/log-lines';
import { podiumBody, podiumEvent } from '../support/podium-events';
import { testConfig, TEST_SECRET, useHarness } from '../support/temporal';

const harness = useHarness();

describe('a flood of forged deliveries', () => {
  it('writes a bounded number of log lines that carry the counts, and no body or secret', async () => {
    const config = testConfig({ REJECTION_LOG_INTERVAL: '10m' });
    const log = captureLog();
    const nonce = randomUUID();
    const body = podiumBody(podiumEvent('message.received', { data: { body: nonce } }));
    const forged = signPodiumDelivery(body, 'an-attacker-guess', Date.now());
    const receiver = await listenReceiver(config, harness().client, log.logger);
    const statuses: number[] = [];
    try {
      for (let round = 0; round < 20; round += 1) {
        const answers = await Promise.all(
          Array.from({ length: 50 }, () => deliver(receiver.url, body, { headers: forged })),
        );
        statuses.push(...answers.map((answer) => answer.status));
      }
      // Two unsigned ones among them: another reason, logged once at once.
      await deliver(receiver.url, body, { headers: {} });
      await deliver(receiver.url, body, { headers: {} });
    } finally {
      await receiver.close();
    }
    expect(statuses).toEqual(Array(1000).fill(401));
    const rejectionLines = log.lines.filter((line) => String(line.msg).startsWith('rejected'));
    expect(rejectionLines.map((line) => [line.msg, line.reason ?? line.counts])).toEqual([
      ['rejected delivery', 'signature_mismatch'],
      ['rejected delivery', 'missing_signature'],
      ['rejected deliveries', { missing_signature: 2, signature_mismatch: 1000 }],
    ]);
    expect(log.lines.length).toBeLessThan(10);
    expect(log.text()).not.toContain(nonce);
    expect(log.text()).not.toContain(TEST_SECRET);
    expect(log.text()).not.toContain(forged['podium-signature']);
  });
});
