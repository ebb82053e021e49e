/**
 * The real Web UI of the embedded dev server (UI 2.54), driven in headless Chromium as an
 * operator would (issue 15): find the parked events, open one, read why it parked, send
 * `retry` from the UI's signal dialog, and see the event complete. Screenshots go to
 * test/browser/screenshots/ (the README's Operations section shows one).
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import getPort from 'get-port';
import { randomUUID } from 'node:crypto';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { HandlerRegistry } from '../../activities/handler-registry';
import { loadConfig } from '../../src/config';
import { startDevServer, type DevServer } from '../../src/temporal/dev-server';
import { findTemporalCli } from '../../src/temporal/find-temporal-cli';
import { createPodiumWorker } from '../../src/temporal/worker';
import { receivedEvent, startEvent, waitForStatus } from '../support/events';
import { podiumEvent } from '../support/podium-events';
import { CHROMIUM_PATH, requireChromium } from '../support/chromium';
// Its Runtime logger: the worker's expected activity failures stay out of the test's output.
import '../support/temporal';

const SCREENSHOTS = 'test/browser/screenshots';

/** Text of the page and its frames (the UI renders summaries and details in iframes). */
async function pageText(page: Page): Promise<string> {
  const texts = await Promise.all(
    page.frames().map((frame) =>
      frame
        .locator('body')
        .innerText()
        .catch(() => ''),
    ),
  );
  return texts.join('\n');
}

describe('the Web UI, as an operator uses it', () => {
  let server: DevServer;
  let browser: Browser;
  let connection: Connection;
  let workerConnection: NativeConnection;

  beforeAll(async () => {
    requireChromium();
    server = await startDevServer({
      cliPath: findTemporalCli()!,
      dataDir: undefined,
      port: await getPort(),
      uiPort: await getPort(),
      namespace: 'default',
    });
    connection = await Connection.connect({ address: server.address });
    workerConnection = await NativeConnection.connect({ address: server.address });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH });
  });
  afterAll(async () => {
    await browser?.close();
    await workerConnection?.close();
    await connection?.close();
    await server?.stop();
  });

  it('finds the parked event, reads why it parked, retries it from the signal dialog and sees it complete', async () => {
    const config = loadConfig({
      PODIUM_WEBHOOK_SECRET: 'web-ui-test',
      TEMPORAL_ADDRESS: server.address,
      TEMPORAL_TASK_QUEUE: `web-ui-${randomUUID()}`,
      LOG_LEVEL: 'silent',
      HANDLER_MAX_ATTEMPTS: '2',
      HANDLER_RETRY_INITIAL_INTERVAL: '50ms',
    });
    const client = new Client({ connection, namespace: 'default' });
    const downstream = { up: false };
    const registry = new HandlerRegistry().onAny('forwardToUrl', async () => {
      if (!downstream.up) throw new Error('POST https://crm.example/hooks → 500');
      return Promise.resolve();
    });
    const worker = await createPodiumWorker({
      connection: workerConnection,
      client: new Client({ connection: workerConnection, namespace: 'default' }),
      config,
      registry,
      workflowBundle: { codePath: inject('workflowBundlePath') },
    });
    const uid = randomUUID();
    const event = receivedEvent(podiumEvent('contact.created', { uid }));
    await worker.runUntil(async () => {
      const handle = await startEvent(client, config, event);
      await waitForStatus(handle, 'parked');
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const shot = (name: string) => page.screenshot({ path: `${SCREENSHOTS}/${name}.png` });

      // The list, filtered on the project's search attribute as typed in the query box.
      await page.goto(`${server.uiUrl}/namespaces/default/workflows`);
      await page.getByTestId('toggle-manual-query').click();
      await page.getByTestId('workflow-manual-search-input').fill('PodiumEventStatus = "parked"');
      await page.getByTestId('workflow-manual-search-button').click();
      const row = page.locator(`a[href*="/workflows/${handle.workflowId}/"]`).first();
      await expect
        .poll(
          async () => {
            if ((await row.count()) === 0)
              await page.getByRole('button', { name: 'Refresh' }).click();
            return row.count();
          },
          { timeout: 30_000 },
        )
        .toBeGreaterThan(0);
      await shot('1-parked-events');

      // Its page: the summary, details and why it parked (User Metadata).
      await row.click();
      await page.getByTestId('user-metadata-tab').click();
      await expect
        .poll(() => pageText(page), { timeout: 30_000 })
        .toContain(
          'parked: handler forwardToUrl failed after 2 attempt(s): POST https://crm.example/hooks → 500',
        );
      expect(await pageText(page)).toContain(`contact.created · contact:${uid}`);
      await shot('2-why-it-parked');

      // The signal dialog offers the operator signals; send `retry` with who acted.
      downstream.up = true;
      await page.getByRole('button', { name: 'More Actions' }).click();
      await page.getByTestId('signal-button').locator('visible=true').first().click();
      const dialog = page.locator('dialog[open][data-testid=signal-confirmation-modal]');
      await dialog.getByTestId('signal-select-button').click();
      const options = dialog.getByRole('option');
      await expect.poll(() => options.count()).toBeGreaterThan(1);
      const offered = (await options.allInnerTexts()).map((text) => text.trim());
      await shot('3-signal-menu');
      // Each operator signal says what it does; everything else is named internal.
      expect(offered.find((text) => text.startsWith('retry'))).toContain('failed handlers again');
      expect(offered.find((text) => text.startsWith('discard'))).toContain('without running');
      const others = offered.filter((text) => !/^(retry|discard|Custom)\b/.test(text));
      expect(others.length).toBeGreaterThan(0);
      for (const text of others) expect(text).toMatch(/^internal:/);
      await options
        .filter({ hasText: /^\s*retry/ })
        .first()
        .click();
      await dialog
        .getByRole('textbox', { name: 'Data' })
        .fill('{"reason": "CRM back up", "by": "on-call via web UI"}');
      await shot('4-retry-dialog');
      await dialog.getByTestId('confirm-modal-button').click();

      const outcome = await handle.result();
      expect(outcome.status).toBe('done');
      expect(outcome.view.operatorActions).toMatchObject([
        { action: 'retry', reason: 'CRM back up', by: 'on-call via web UI', applied: true },
      ]);
      await page.reload();
      await expect.poll(() => pageText(page), { timeout: 30_000 }).toContain('COMPLETED');
      await shot('5-completed');
      await page.close();
    });
  });
});
