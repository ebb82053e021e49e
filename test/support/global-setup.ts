/**
 * One real Temporal server and one workflow bundle for the whole integration run; each test
 * file runs its own worker on its own task queue. The server is a dev server (the pinned CLI, in
 * memory, headless) started here, or, with TEST_TEMPORAL_ADDRESS set, a running cluster
 * (`npm run test:cluster`), where the search attributes are registered first.
 */
import { Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import getPort from 'get-port';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startDevServer } from '../../src/temporal/dev-server';
import { findTemporalCli } from '../../src/temporal/find-temporal-cli';
import { ensureSearchAttributes } from '../../src/temporal/namespace';
import { WORKFLOWS_PATH } from '../../src/temporal/worker';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    workflowBundlePath: string;
  }
}

export default async function setup(project: TestProject) {
  const external = process.env.TEST_TEMPORAL_ADDRESS;
  const server = external ? await useCluster(external) : await startTestDevServer();
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

async function startTestDevServer() {
  const cliPath = findTemporalCli();
  if (!cliPath) {
    throw new Error('No Temporal CLI: run `npm test` (its pretest step installs the pinned one)');
  }
  return startDevServer({
    cliPath,
    dataDir: undefined,
    port: await getPort(),
    uiPort: undefined,
    namespace: 'default',
  });
}

/** A running cluster, with the search attributes registered as the service does at start. */
async function useCluster(address: string) {
  const connection = await Connection.connect({ address });
  try {
    await ensureSearchAttributes(connection, 'default');
  } finally {
    await connection.close();
  }
  return { address, stop: () => Promise.resolve() };
}

const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};
