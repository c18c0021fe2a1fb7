import { configDefaults, defineConfig } from 'vitest/config';
import PlainSummary from './test/plain-summary.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The real-kernel suite makes cgroups on the machine, as root: `npm run test:system` only.
    exclude: [...configDefaults.exclude, 'test/system/**'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup-libs.ts'],
    // The CLI tests spawn node on the built bin; two workers match the 2-core CI machine.
    maxWorkers: 2,
    testTimeout: 20_000,
    reporters: ['default', new PlainSummary()],
  },
});
