import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, FIXTURES, testTmp } from './helpers.js';

const tmp = testTmp();

/**
 * A resolve hook that makes one package unresolvable, as a bundle that left it out would: the
 * node runs the CLI with it registered (node --import).
 */
function withoutPackage(pkg: string): string {
  const dir = fs.mkdtempSync(path.join(tmp(), 'no-lib-'));
  const hooks = path.join(dir, 'hooks.mjs');
  fs.writeFileSync(
    hooks,
    `export async function resolve(spec, ctx, next) { if (spec === ${JSON.stringify(pkg)}) throw new Error('Cannot find package ${pkg}'); return next(spec, ctx); }\n`,
  );
  const register = path.join(dir, 'register.mjs');
  fs.writeFileSync(register, `import { register } from 'node:module'; register(${JSON.stringify(`file://${hooks}`)});\n`);
  return register;
}

describe('the libraries a command parses with (src/libs.ts)', () => {
  // The CG009 fixture's containerd config is TOML: without the TOML parser the scan used to read
  // it as unparseable and exit 0 with an input warning (issue 14).
  const fixture = path.join(FIXTURES, 'k3s-kubelet-arg-systemd-containerd-cgroupfs', 'root');

  it('a missing library stops the scan with exit 2 and one line naming it, not a quiet parse warning', () => {
    const register = withoutPackage('smol-toml');
    const r = spawnSync(process.execPath, ['--import', register, BIN, 'scan', '--root', fixture, '--format', 'json'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe('cgdoctor: cannot load the library smol-toml, which this command needs: Cannot find package smol-toml');
  });

  it('with every library there, the same scan finds CG009', () => {
    const r = spawnSync(process.execPath, [BIN, 'scan', '--root', fixture, '--format', 'json'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect((JSON.parse(r.stdout) as { findings: Array<{ rule: string }> }).findings.map((f) => f.rule)).toContain('CG009');
  });

  it('commands that parse nothing start without them: explain of a rule runs with js-yaml gone', () => {
    const register = withoutPackage('js-yaml');
    const r = spawnSync(process.execPath, ['--import', register, BIN, 'explain', 'CG009', '--format', 'json'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ id: 'CG009' });
  });
});
