import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { prebuiltWorkflowBundle } from '../../src/temporal/workflow-bundle';

describe('the prebuilt workflow bundle', () => {
  it('is used when configured and present', () => {
    const present = fileURLToPath(import.meta.url);
    expect(prebuiltWorkflowBundle(present)).toEqual({ codePath: present });
  });

  it('is not used when not configured: the worker bundles at start', () => {
    expect(prebuiltWorkflowBundle(undefined)).toBeUndefined();
  });

  it('stops the worker with a message naming the build command when missing', () => {
    expect(() => prebuiltWorkflowBundle('/nowhere/workflow-bundle.js')).toThrow(
      'TEMPORAL_WORKFLOW_BUNDLE: no file at /nowhere/workflow-bundle.js (build it with `npm run build:workflows`)',
    );
  });
});
