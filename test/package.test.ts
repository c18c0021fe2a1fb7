import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

/**
 * What `npm install cgdoctor` and `npx cgdoctor` get: the package's files as `npm pack` lists
 * them, and a package.json that installs with no script of its own on Node 20.19 or later.
 * test/system/package.test.ts installs the packed tarball and runs it.
 */

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

describe('the npm package', () => {
  it('runs no script at install: no preinstall, install or postinstall', () => {
    expect(Object.keys(pkg.scripts).filter((s) => ['preinstall', 'install', 'postinstall'].includes(s))).toEqual([]);
  });

  it('declares its command, its module type and the Node it needs', () => {
    expect(pkg.bin).toEqual({ cgdoctor: 'bin/cgdoctor.js', 'kubectl-cgdoctor': 'bin/kubectl-cgdoctor.js' });
    expect(pkg.type).toBe('module');
    expect(pkg.engines).toEqual({ node: '>=20.19' });
    for (const file of Object.values(pkg.bin) as string[]) expect(fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it('packs the command, the built CLI and the docs, and nothing of the sources, the tests, the binary or the image', () => {
    const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const files = (JSON.parse(r.stdout) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path).sort();
    const chunks = files.filter((f) => /^dist\/cli\/chunks\/[\w.-]+\.js$/.test(f));
    expect(chunks.length).toBeGreaterThan(10);
    expect(files.filter((f) => !chunks.includes(f))).toEqual([
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      'bin/cgdoctor.js',
      'bin/kubectl-cgdoctor.js',
      'dist/cli/main.js',
      'package.json',
    ]);
  });
});
