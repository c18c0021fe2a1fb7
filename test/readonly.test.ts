import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, FIXTURES, ROOT, fixtureNames, project, readExpected } from './helpers.js';
import type { ScanResult } from '../src/scan.js';

const GUARD = path.join(ROOT, 'test', 'guard', 'no-side-effects.mjs');
let work: string;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'cgdoctor-ro-'));
});
// Some 20,000 copied files to make writable and remove: past vitest's 10 s hook default when the
// other worker is busy on the 2-core machine.
afterAll(() => {
  spawnSync('chmod', ['-R', 'u+w', work]);
  fs.rmSync(work, { recursive: true, force: true });
}, 120_000);

/** Runs cgdoctor with the guard loaded: writes, chmod, children, network and outside reads fail loudly. */
function guarded(args: string[], allow: string[]) {
  const r = spawnSync(process.execPath, ['--import', GUARD, BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', CGDOCTOR_GUARD_ALLOW: [...allow, ROOT].join(':') },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('a scan of a read-only copy of every fixture writes nothing and reads nothing outside it', () => {
  for (const name of fixtureNames()) {
    it(name, () => {
      const root = path.join(work, name);
      fs.cpSync(path.join(FIXTURES, name, 'root'), root, { recursive: true });
      // Links that point out of the root, as a node mounted at /host has them: they must resolve
      // inside the root, never to this machine's /proc/self or /etc.
      fs.mkdirSync(path.join(root, 'proc'), { recursive: true });
      fs.symlinkSync('/proc/self', path.join(root, 'proc', 'self'));
      fs.symlinkSync('/etc', path.join(root, 'host-etc'));
      spawnSync('chmod', ['-R', 'a-w', root]);
      const r = guarded(['scan', '--root', root, '--format', 'json'], [root]);
      expect(r.stderr).not.toMatch(/GUARD:/);
      const expected = readExpected(name);
      expect(r.code).toBe(expected.exitCode);
      const result = JSON.parse(r.stdout) as ScanResult;
      const withEvidence = result.findings.map(() => false);
      expect(project(result, withEvidence).findings).toEqual(expected.findings.map(({ rule, severity, subject }) => ({ rule, severity, subject })));
    });
  }
});

describe('the guard itself', () => {
  it('catches a write, a child process and a read outside the allowed root', () => {
    const run = (code: string) => spawnSync(process.execPath, ['--import', GUARD, '--input-type=module', '-e', code], { encoding: 'utf8', env: { ...process.env, CGDOCTOR_GUARD_ALLOW: work } });
    expect(run(`import fs from 'node:fs'; try { fs.writeFileSync('${work}/x', 'y') } catch {}`).stderr).toMatch(/^GUARD: fs.writeFileSync/);
    expect(run(`import { spawnSync } from 'node:child_process'; try { spawnSync('true') } catch {}`).stderr).toMatch(/^GUARD: child_process.spawnSync/);
    expect(run(`import { readFileSync } from 'node:fs'; try { readFileSync('/etc/hostname') } catch {}`).stderr).toMatch(/^GUARD: read outside the root: readFileSync \/etc\/hostname/);
    expect(fs.existsSync(path.join(work, 'x'))).toBe(false);
  });
});
