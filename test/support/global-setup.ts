/**
 * One real Temporal dev server (the pinned CLI, in memory, headless) and one workflow bundle
 * for the whole integration run; each test file runs its own worker on its own task queue.
 */
import { bundleWorkflowCode } from '@temporalio/worker';
import getPort from 'get-port';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startDevServer } from '../../src/temporal/dev-server';
import { findTemporalCli } from '../../src/temporal/find-temporal-cli';
import { WORKFLOWS_PATH } from '../../src/temporal/worker';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    workflowBundlePath: string;
  }
}

export default async function setup(project: TestProject) {
  const cliPath = findTemporalCli();
  if (!cliPath) {
    throw new Error('No Temporal CLI: run `npm test` (its pretest step installs the pinned one)');
  }
  const server = await startDevServer({
    cliPath,
    dataDir: undefined,
    port: await getPort(),
    uiPort: undefined,
    namespace: 'default',
  });
  const dir = mkdtempSync(join(tmpdir(), 'podium-webhooks-test-'));
  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietLogger });
  const workflowBundlePath = join(dir, 'workflow-bundle.js');
  writeFileSync(workflowBundlePath, code);
  project.provide('temporalAddress', server.address);
  project.provide('workflowBundlePath', workflowBundlePath);
  return async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}

const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};
