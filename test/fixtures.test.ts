import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, checkReport, fixtureNames, readExpected, runCli, testTmp } from './helpers.js';
import { compareScan } from './expect-scan.js';
import type { ScanResult } from '../src/scan.js';
import { V2_FIXTURES } from '../scripts/v2-fixtures.mjs';

/** Scans a fixture folder as a user would (its root/ with --root, its capture.tar.gz with --from) and checks expected.json. */
function checkFixture(dir: string) {
  const expected = readExpected(dir);
  const source = fs.existsSync(path.join(dir, 'root')) ? ['--root', path.join(dir, 'root')] : ['--from', path.join(dir, 'capture.tar.gz')];
  const cli = runCli(['scan', ...source, '--format', 'json', ...(expected.args ?? [])]);
  const result = JSON.parse(cli.stdout) as ScanResult;
  const { got, want } = compareScan(result, expected);
  expect({ ...got, exitCode: cli.code, warnings: result.warnings }).toEqual({ ...want, exitCode: expected.exitCode, warnings: expected.warnings ?? [] });
  const plan = result.migration && {
    ready: result.migration.ready,
    blockers: result.migration.blockers,
    unknown: result.migration.unknown,
    steps: result.migration.steps.map((s) => ({ kind: s.kind, done: s.done, blocks: s.blocks, ...(s.rule ? { rule: s.rule } : {}), ...(s.subject ? { subject: s.subject } : {}) })),
  };
  expect(plan).toEqual(expected.migration);
  expect(checkReport(result as unknown as Record<string, unknown>)).toEqual([]);
}

describe('`cgdoctor scan` of each fixture reports what its expected.json says', () => {
  for (const name of fixtureNames()) it(name, () => checkFixture(path.join(FIXTURES, name)));
});

describe('fixtures/', () => {
  const tmp = testTmp();

  it('the cgroup v2 migration fixtures are what scripts/v2-fixtures.mjs writes (run it after changing it)', () => {
    for (const [name, f] of Object.entries(V2_FIXTURES)) {
      const root = path.join(FIXTURES, name, 'root');
      const want = f.build().render();
      const onDisk = new Map<string, string>();
      const walk = (d: string) => {
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
          const full = path.join(d, e.name);
          if (e.isDirectory()) walk(full);
          else onDisk.set(path.relative(root, full), e.isSymbolicLink() ? `-> ${fs.readlinkSync(full)}` : fs.readFileSync(full).toString('base64'));
        }
      };
      walk(root);
      const wanted = new Map(
        [...want].map(([p, node]) => [
          p,
          typeof node === 'object' && !(node instanceof Uint8Array) && 'link' in node ? `-> ${node.link}` : Buffer.from(node as string | Uint8Array).toString('base64'),
        ]),
      );
      expect(Object.fromEntries(onDisk), name).toEqual(Object.fromEntries(wanted));
      expect(readExpected(name).description, name).toBe(f.description);
    }
  });

  it('holds its README and fixture folders, each an expected.json beside one tree', () => {
    const forms = ['expected.json root', 'capture.tar.gz expected.json'];
    for (const entry of fs.readdirSync(FIXTURES).filter((e) => e !== 'README.md')) {
      expect(forms, entry).toContain(fs.readdirSync(path.join(FIXTURES, entry)).sort().join(' '));
    }
  });

  it('takes a capture as `cgdoctor capture` wrote it, in place of root/', () => {
    const dir = path.join(tmp(), 'seed-000-as-captured');
    fs.mkdirSync(dir);
    expect(runCli(['capture', '--root', 'fixtures/seed-000-cpuset-empty-kubelet-metrics/root', '-o', path.join(dir, 'capture.tar.gz')]).code).toBe(0);
    fs.copyFileSync(path.join(FIXTURES, 'seed-000-cpuset-empty-kubelet-metrics', 'expected.json'), path.join(dir, 'expected.json'));
    checkFixture(dir);
  });

  it('refuses an expected.json with a misspelt key, which would otherwise check nothing', () => {
    const dir = path.join(tmp(), 'typo');
    fs.mkdirSync(dir);
    fs.writeFileSync(
      path.join(dir, 'expected.json'),
      JSON.stringify({
        description: 'x',
        layout: 'v2',
        exitCode: 0,
        findings: [{ rule: 'CG001', severity: 'error', subject: '/', evidence: [{ path: 'a', mach: 'b' }] }],
        skipped: [],
      }),
    );
    expect(() => readExpected(dir)).toThrow(/evidence of CG001 \/ has unknown keys mach/);
  });
});
