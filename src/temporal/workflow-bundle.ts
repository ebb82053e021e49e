/** The worker's workflow code: a bundle built ahead (`npm run build:workflows`), if configured. */
import { existsSync } from 'node:fs';

/**
 * Checked where a worker starts, not when config is read: a receiver never needs the bundle.
 * Undefined path: the worker bundles the workflows itself at start.
 */
export function prebuiltWorkflowBundle(path: string | undefined): { codePath: string } | undefined {
  if (path === undefined) return undefined;
  if (!existsSync(path)) {
    throw new Error(
      `TEMPORAL_WORKFLOW_BUNDLE: no file at ${path} (build it with \`npm run build:workflows\`)`,
    );
  }
  return { codePath: path };
}
