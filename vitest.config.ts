import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 300_000,
          // One browser at a time: the software GPU is slow and shares the CPU.
          fileParallelism: false,
          // Start only after the unit tests, so the two do not compete for the CPU.
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
