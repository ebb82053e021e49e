// The workflow bundle's entry point: every workflow type the worker runs.
export { podiumEventWorkflow } from './podium-event';
export { entityWorkflow } from './ordering/entity';
export { replayJobWorkflow } from './replay-job';
