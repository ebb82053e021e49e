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
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          sequence: { groupOrder: 1 },
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Two cores: each file runs its own worker against the shared server.
          maxWorkers: 2,
        },
      },
    ],
  },
});
