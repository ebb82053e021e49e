/**
 * `npm run build:workflows`: bundles the workflow code ahead of time into
 * dist/workflow-bundle.js. A worker given it (TEMPORAL_WORKFLOW_BUNDLE) starts without
 * running webpack, and peaks lower in memory: the image builds it once.
 */
import { bundleWorkflowCode } from '@temporalio/worker';
import { mkdirSync, writeFileSync } from 'node:fs';
import { WORKFLOWS_PATH } from '../src/temporal/worker';

const out = new URL('../dist/workflow-bundle.js', import.meta.url);
const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH });
mkdirSync(new URL('.', out), { recursive: true });
writeFileSync(out, code);
console.log(`Workflow bundle: ${out.pathname} (${Math.round(code.length / 1024)} KiB)`);
