import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, ROOT, runCli } from '../helpers.js';

/**
 * The package as a user gets it: `npm pack`, installed into an empty project from the tarball
 * (its dependencies from the registry or npm's cache), and run with `npx cgdoctor`, which must
 * say what `node bin/cgdoctor.js` says.
 */

let dir = '';
let installed: { status: number | null; stderr: string } | undefined;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cgdoctor-test-npm-'));
  // The build is the suite's own (npm run test:system builds first): packing must not rebuild.
  const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--pack-destination', dir, '--json'], { cwd: ROOT, encoding: 'utf8' });
  if (pack.status !== 0) throw new Error(`npm pack: ${pack.stderr}`);
  const tarball = path.join(dir, (JSON.parse(pack.stdout) as Array<{ filename: string }>)[0]!.filename);
  const project = path.join(dir, 'project');
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, 'package.json'), '{"name":"uses-cgdoctor","private":true}\n');
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', tarball], { cwd: project, encoding: 'utf8', timeout: 300_000 });
  installed = { status: r.status, stderr: r.stderr };
}, 320_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const npx = (args: string[]) => {
  const r = spawnSync('npx', ['--no-install', 'cgdoctor', ...args], { cwd: path.join(dir, 'project'), encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('npm pack, npm install, npx cgdoctor', () => {
  it('installs from the packed tarball', () => {
    expect(installed).toEqual({ status: 0, stderr: '' });
    expect(fs.existsSync(path.join(dir, 'project', 'node_modules', 'cgdoctor', 'src'))).toBe(false);
  });

  it('runs as npx cgdoctor, with the JSON of node bin/cgdoctor.js on a fixture', () => {
    const root = path.join(FIXTURES, 'seed-000-cpuset-empty-kubelet-metrics', 'root');
    const viaNpx = npx(['scan', '--root', root, '--format', 'json']);
    const viaRepo = runCli(['scan', '--root', root, '--format', 'json']);
    expect(viaNpx.code).toBe(1);
    expect(viaNpx.stderr).toBe('');
    const untimed = (s: string) => ({ ...JSON.parse(s), summary: { ...JSON.parse(s).summary, durationMs: 0 } });
    expect(untimed(viaNpx.stdout)).toEqual(untimed(viaRepo.stdout));
    expect(npx(['explain', 'CG009'])).toEqual(runCli(['explain', 'CG009']));
  });
});
