import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

describe('fuzz (short, fixed seed; npm run fuzz runs the long one)', () => {
  // The on-disk trees only: between them they hold every kind of file the scan parses. The rule
  // cases' nodes hold the same kinds with other values, and writing them all out costs more than
  // the short run itself.
  it('mutated fixture trees: exit 0, 1 or 2, no stack trace, bounded time and memory', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'fuzz.mjs'), '--cases', '10', '--seed', '7', '--seconds', '120'], { encoding: 'utf8' });
    expect(r.stdout).toMatch(/^fuzz: 10 cases in \d+ s, 0 failures, peak RSS \d+ MiB, seed 7$/m);
    expect(r.status).toBe(0);
  }, 120_000);
});
