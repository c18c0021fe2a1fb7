import { defineConfig } from 'vitest/config';
import PlainSummary from './test/plain-summary.js';

/**
 * The real-kernel suite (`npm run test:system`, as root): cases make cgroups, hierarchies,
 * processes and containers on the machine itself, so they run one at a time in one worker.
 */
export default defineConfig({
  test: {
    include: ['test/system/**/*.test.ts'],
    globalSetup: ['test/system/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    sequence: { concurrent: false },
    testTimeout: 120_000,
    hookTimeout: 60_000,
    reporters: ['verbose', new PlainSummary()],
  },
});
