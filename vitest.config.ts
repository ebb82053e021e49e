import { defineConfig } from 'vitest/config';

// Two projects: `unit` runs pure code with no server; `integration` runs against one real
// Temporal dev server that test/support/global-setup.ts starts for the whole run.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Two cores: each file runs its own worker against the shared server.
          maxWorkers: 2,
        },
      },
    ],
  },
});
