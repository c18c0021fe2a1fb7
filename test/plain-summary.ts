import type { Reporter, SerializedError, TestModule } from 'vitest/node';

/**
 * Ends the run with a plain "N passed, N failed, N skipped" line, which CI tooling reads the same
 * way in any language. Runs after the default reporter's own summary. A test file that failed
 * outside its tests (an import error, a hook that threw or timed out) counts as one failure, and
 * so does each error raised outside any test: "0 failed" means nothing failed at all.
 */
export default class PlainSummary implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<SerializedError> = []): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    let files = 0;
    for (const m of modules) {
      let failedHere = 0;
      for (const t of m.children.allTests()) {
        const s = t.result().state;
        if (s === 'passed') passed++;
        else if (s === 'failed') failedHere++;
        else skipped++;
      }
      if (m.state() === 'failed') {
        files++;
        if (failedHere === 0) failedHere = 1;
      }
      failed += failedHere;
    }
    failed += errors.length;
    const where =
      files > 0 || errors.length > 0
        ? ` (${[files > 0 ? `${files} test file${files === 1 ? '' : 's'} failed` : '', errors.length > 0 ? `${errors.length} error${errors.length === 1 ? '' : 's'} outside tests` : ''].filter(Boolean).join(', ')})`
        : '';
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped${where}\n`);
  }
}
