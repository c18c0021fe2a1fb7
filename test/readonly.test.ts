import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, FIXTURES, ROOT, fixtureNames, readExpected, writeTree } from './helpers.js';
import { expectationOf, ruleCase } from './rules/cases.js';
import type { ScanResult } from '../src/scan.js';

const GUARD = path.join(ROOT, 'test', 'guard', 'no-side-effects.mjs');
let work: string;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'cgdoctor-ro-'));
});
afterAll(() => {
  spawnSync('chmod', ['-R', 'u+w', work]);
  fs.rmSync(work, { recursive: true, force: true });
});

/** Runs cgdoctor with the guard loaded: writes, chmod, children, network and outside reads fail loudly. */
function guarded(args: string[], allow: string[]) {
  const r = spawnSync(process.execPath, ['--import', GUARD, BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', CGDOCTOR_GUARD_ALLOW: [...allow, ROOT].join(':') },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

type Expected = { exitCode: number; findings: Array<{ rule: string; severity: string; subject: string }>; args?: string[] };
/** Puts a node at `root` and says what a scan of it reports. */
type Place = (root: string) => Promise<Expected>;

/** Every on-disk tree, and the rule cases whose scan reads the node another way than any of them. */
const TREES: Array<[string, Place]> = [
  ...fixtureNames('root').map((name): [string, Place] => [
    name,
    async (root) => {
      fs.cpSync(path.join(FIXTURES, name, 'root'), root, { recursive: true });
      return readExpected(name);
    },
  ]),
  // Captures of a live root, scanned as live views (namespace links, the scanner's own mounts),
  // and a mount table long enough to be read in chunks; every other case reads the kinds of file
  // the fixtures hold.
  ...['CG028 fires', 'CG028 near miss', 'CG023 fires'].map((id): [string, Place] => [
    id,
    async (root) => {
      const { tree, expected } = expectationOf(await ruleCase(id));
      writeTree(root, tree);
      return { exitCode: expected.findings.some((f) => f.severity === 'error') ? 1 : 0, findings: expected.findings };
    },
  ]),
];

describe('a scan of a read-only copy of every fixture writes nothing and reads nothing outside it', () => {
  for (const [name, place] of TREES) {
    it(name, async () => {
      const root = path.join(work, name.replaceAll(' ', '-'));
      const expected = await place(root);
      // Links that point out of the root, as a node mounted at /host has them: they must resolve
      // inside the root, never to this machine's /proc/self or /etc.
      fs.mkdirSync(path.join(root, 'proc'), { recursive: true });
      fs.symlinkSync('/proc/self', path.join(root, 'proc', 'self'));
      fs.symlinkSync('/etc', path.join(root, 'host-etc'));
      spawnSync('chmod', ['-R', 'a-w', root]);
      const r = guarded(['scan', '--root', root, '--format', 'json', ...(expected.args ?? [])], [root]);
      expect(r.stderr).not.toMatch(/GUARD:/);
      expect(r.code).toBe(expected.exitCode);
      const result = JSON.parse(r.stdout) as ScanResult;
      const key = (f: { rule: string; severity: string; subject: string }) => `${f.severity} ${f.rule} ${f.subject}`;
      expect(result.findings.map(key).sort()).toEqual(expected.findings.map(key).sort());
    });
  }
});

describe('the guard itself', () => {
  it('catches a write, a child process and a read outside the allowed root', () => {
    const run = (code: string) =>
      spawnSync(process.execPath, ['--import', GUARD, '--input-type=module', '-e', code], { encoding: 'utf8', env: { ...process.env, CGDOCTOR_GUARD_ALLOW: work } });
    expect(run(`import fs from 'node:fs'; try { fs.writeFileSync('${work}/x', 'y') } catch {}`).stderr).toMatch(/^GUARD: fs.writeFileSync/);
    expect(run(`import { spawnSync } from 'node:child_process'; try { spawnSync('true') } catch {}`).stderr).toMatch(/^GUARD: child_process.spawnSync/);
    expect(run(`import { readFileSync } from 'node:fs'; try { readFileSync('/etc/hostname') } catch {}`).stderr).toMatch(
      /^GUARD: read outside the root: readFileSync \/etc\/hostname/,
    );
    expect(fs.existsSync(path.join(work, 'x'))).toBe(false);
  });
});
