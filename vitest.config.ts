import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The CLI tests spawn node on the built bin; two workers match the 2-core CI machine.
    maxWorkers: 2,
    testTimeout: 20_000,
  },
});
