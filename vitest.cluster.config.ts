import { defineConfig } from 'vitest/config';

/**
 * `npm run test:cluster` runs the integration suite against a real Temporal cluster on
 * PostgreSQL (scripts/cluster/run.sh sets TEST_TEMPORAL_ADDRESS). Every integration file runs
 * there except these, which test what only the embedded dev server does (README, "Production
 * shape").
 */
export const NOT_ON_THE_CLUSTER: Readonly<Record<string, string>> = {
  'test/integration/web-ui.browser.test.ts':
    "drives the embedded dev server's own Web UI, which it starts itself: nothing of the cluster is in it",
};

if (!process.env.TEST_TEMPORAL_ADDRESS) {
  throw new Error(
    'vitest.cluster.config.ts needs TEST_TEMPORAL_ADDRESS: run `npm run test:cluster`',
  );
}

export default defineConfig({
  test: {
    name: 'cluster',
    include: ['test/integration/**/*.test.ts'],
    exclude: Object.keys(NOT_ON_THE_CLUSTER),
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores, shared with the cluster's server and PostgreSQL.
    maxWorkers: 2,
  },
});
