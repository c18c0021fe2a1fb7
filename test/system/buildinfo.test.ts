import * as fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { readGoBuildInfo } from '../../src/collect/parse/go-buildinfo.js';
import { which } from './lib/machine.js';
import { missingProgram } from './cases.js';

/**
 * The Go build-information reader on the real binaries of this machine (Debian's runc and
 * containerd, which `npm run test:system` installs), read only where the reader asks, as a
 * node's would be. runc says its Go version itself (`runc --version`), which the reader must
 * match; containerd says none, so its main package and Go version's form are checked.
 */

function readBinary(file: string) {
  const fd = fs.openSync(file, 'r');
  try {
    return readGoBuildInfo((offset, length) => {
      const b = Buffer.alloc(length);
      const n = fs.readSync(fd, b, 0, length, offset);
      return n === 0 ? undefined : b.subarray(0, n);
    });
  } finally {
    fs.closeSync(fd);
  }
}

describe('Go build information of real binaries', () => {
  it('reads the Go version runc reports of itself', (ctx) => {
    const why = missingProgram('runc');
    if (why) ctx.skip(why);
    const info = readBinary(fs.realpathSync(which('runc')!));
    const said = /^go: (go\S+)$/m.exec(spawnSync('runc', ['--version'], { encoding: 'utf8' }).stdout)?.[1];
    expect(said).toMatch(/^go1\.\d+/);
    expect(info).toMatchObject({ goVersion: said, path: 'github.com/opencontainers/runc' });
  });

  it("reads containerd's main package and Go version", (ctx) => {
    const why = missingProgram('containerd');
    if (why) ctx.skip(why);
    const info = readBinary(fs.realpathSync(which('containerd')!));
    expect(info).toMatchObject({ path: 'github.com/containerd/containerd/cmd/containerd' });
    expect((info as { goVersion: string }).goVersion).toMatch(/^go1\.\d+(\.\d+)?$/);
  });
});
