import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, checkReport, fixtureNames, project, readExpected, runCli } from './helpers.js';
import type { ScanResult } from '../src/scan.js';
// @ts-expect-error: the generator is plain JavaScript
import { buildAll } from '../scripts/build-fixtures.mjs';

describe('`cgdoctor scan --root fixtures/<name>/root --format json` matches expected.json', () => {
  for (const name of fixtureNames()) {
    it(name, () => {
      const expected = readExpected(name);
      const cli = runCli(['scan', '--root', `fixtures/${name}/root`, '--format', 'json']);
      const result = JSON.parse(cli.stdout) as ScanResult;
      const withEvidence = result.findings.map((_, i) => expected.findings[i]?.evidence !== undefined);
      const { description: _d, ...want } = expected;
      expect({ ...project(result, withEvidence), exitCode: cli.code }).toEqual({ ...want, skipped: [...want.skipped].sort() });
      expect(result.warnings).toEqual([]);
      expect(checkReport(result as unknown as Record<string, unknown>)).toEqual([]);
    });
  }
});

describe('fixture trees', () => {
  const built = buildAll() as Map<string, { files: Map<string, string>; expected: unknown }>;

  it('are exactly what scripts/build-fixtures.mjs writes (run `npm run fixtures` after editing it)', () => {
    expect(fixtureNames()).toEqual([...built.keys()].sort());
    for (const [name, { files, expected }] of built) {
      const root = path.join(FIXTURES, name, 'root');
      const onDisk = (fs.readdirSync(root, { recursive: true, withFileTypes: true }) as fs.Dirent[])
        .filter((d) => d.isFile())
        .map((d) => path.relative(root, path.join(d.parentPath, d.name)))
        .sort();
      expect(onDisk, name).toEqual([...files.keys()].sort());
      for (const [p, content] of files) expect(fs.readFileSync(path.join(root, p), 'utf8'), `${name}/${p}`).toBe(content);
      expect(JSON.parse(fs.readFileSync(path.join(FIXTURES, name, 'expected.json'), 'utf8'))).toEqual(expected);
    }
  });
});
