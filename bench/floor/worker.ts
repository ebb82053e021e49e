/**
 * The floor's worker, a process of its own as the service's worker is: the empty workflow on
 * TEMPORAL_TASK_QUEUE, the SDK's defaults but for the service's connection and workflow cache.
 */
import { Worker } from '@temporalio/worker';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config';
import { connectWorker } from '../../src/temporal/worker';

const config = loadConfig();
const { address } = config.temporal;
if (!address) throw new Error('TEMPORAL_ADDRESS is required: the server the benchmark runs');
const worker = await Worker.create({
  connection: await connectWorker(config.temporal, address),
  namespace: config.temporal.namespace,
  taskQueue: config.temporal.taskQueue,
  maxCachedWorkflows: config.worker.maxCachedWorkflows,
  workflowsPath: fileURLToPath(new URL('./empty-workflow.ts', import.meta.url)),
});
process.once('SIGTERM', () => worker.shutdown());
console.log('floor worker running');
await worker.run();
