import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, ROOT, fixtureNames, runCli, testTmp } from '../helpers.js';

/**
 * dist/cgdoctor, the single executable (`npm run build:binary`, which `npm run test:system` runs
 * first), as a node without Node.js has it: copied alone into an empty folder and started with a
 * PATH that holds nothing but that folder. Every command must say what `node bin/cgdoctor.js`
 * says; a library the bundle lost would show as a missing finding or an exit 2.
 */

const BINARY = path.join(ROOT, 'dist', 'cgdoctor');
const tmp = testTmp();
let alone = '';

const missing = () => (fs.existsSync(BINARY) ? undefined : `${BINARY} is not built (npm run build:binary)`);

beforeAll(() => {
  if (missing()) return;
  alone = path.join(tmp(), 'empty');
  fs.mkdirSync(alone);
  fs.copyFileSync(BINARY, path.join(alone, 'cgdoctor'));
  fs.chmodSync(path.join(alone, 'cgdoctor'), 0o755);
});

function runBinary(args: string[], input?: string) {
  const r = spawnSync(path.join(alone, 'cgdoctor'), args, {
    cwd: alone,
    encoding: 'utf8',
    env: { PATH: alone, NO_COLOR: '1', LANG: 'C' },
    ...(input !== undefined ? { input } : {}),
  });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** A report with its one measured figure, the scan's duration, taken out. */
const untimed = (json: string) => {
  const r = JSON.parse(json) as { summary?: { durationMs?: number } };
  delete r.summary?.durationMs;
  return r;
};

describe('the single executable', () => {
  it('runs with no node on PATH or beside it', (ctx) => {
    const why = missing();
    if (why) ctx.skip(why);
    expect(spawnSync('sh', ['-c', 'command -v node'], { env: { PATH: alone } }).status, 'node is reachable from the test PATH').not.toBe(0);
    expect(fs.readdirSync(alone)).toEqual(['cgdoctor']);
    const v = runBinary(['--version']);
    expect(v).toEqual({ code: 0, stdout: `${JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version}\n`, stderr: '' });
  });

  for (const name of fixtureNames('root'))
    it(`gives the same JSON as node bin/cgdoctor.js on fixture ${name}`, (ctx) => {
      const why = missing();
      if (why) ctx.skip(why);
      const root = path.join(FIXTURES, name, 'root');
      const viaNode = runCli(['scan', '--root', root, '-f', 'json']);
      const viaBinary = runBinary(['scan', '--root', root, '-f', 'json']);
      expect(viaBinary.stderr).toBe(viaNode.stderr);
      expect(viaBinary.code).toBe(viaNode.code);
      expect(untimed(viaBinary.stdout)).toEqual(untimed(viaNode.stdout));
    });

  it('reads a capture, explains a pasted error and lists the rules as node does', (ctx) => {
    const why = missing();
    if (why) ctx.skip(why);
    const capture = path.join(tmp(), 'seed-000.tar.gz');
    expect(runBinary(['capture', '--root', path.join(FIXTURES, 'seed-000-cpuset-empty-kubelet-metrics', 'root'), '-o', capture]).code).toBe(0);
    const viaNode = runCli(['scan', '--from', capture, '-f', 'json']);
    const viaBinary = runBinary(['scan', '--from', capture, '-f', 'json']);
    expect(viaBinary.code).toBe(1);
    expect(untimed(viaBinary.stdout)).toEqual(untimed(viaNode.stdout));
    const pasted = 'failed to write "0" to "/sys/fs/cgroup/cpuset/kubepods/cpuset.mems": write /sys/fs/cgroup/cpuset/kubepods/cpuset.mems: no space left on device';
    for (const args of [
      ['explain', '-f', 'json', '-'],
      ['rules', '-f', 'json'],
      ['explain', 'CG009'],
    ]) {
      const a = runBinary(args, pasted);
      expect(a, args.join(' ')).toEqual(runCli(args, {}, ROOT, { input: pasted }));
    }
  });

  it('needs no glibc newer than 2.28 (the README says so)', (ctx) => {
    const why = missing() ?? (spawnSync('objdump', ['--version']).status === 0 ? undefined : 'objdump (binutils) is not installed');
    if (why) ctx.skip(why);
    const syms = spawnSync('objdump', ['-T', BINARY], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 }).stdout;
    const versions = [...new Set([...syms.matchAll(/GLIBC_(\d+)\.(\d+)/g)].map((m) => Number(m[1]) * 1000 + Number(m[2])))].sort((a, b) => a - b);
    expect(versions.at(-1)).toBe(2028);
  });
});
