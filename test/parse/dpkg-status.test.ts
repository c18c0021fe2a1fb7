import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { debianVersion, filesOnDisk, parseDpkgStatus } from '../../src/collect/parse/dpkg-status.js';

// The stanzas of containerd, docker.io, runc and systemd from a Debian 12 machine's
// var/lib/dpkg/status (test/corpus/dpkg/README.md), their long Depends and Built-Using kept out.
const DEBIAN12 = fs.readFileSync(path.join(import.meta.dirname, '..', 'corpus', 'dpkg', 'debian12-status'), 'utf8');

describe('the dpkg status database', () => {
  it("reads Debian 12's container stack, each package with its stanza's line", () => {
    const { packages, warnings } = parseDpkgStatus(DEBIAN12);
    expect(warnings).toEqual([]);
    expect(packages.map((p) => [p.name, p.version, p.state, p.architecture])).toEqual([
      ['containerd', '1.6.20~ds1-1+deb12u3', 'installed', 'amd64'],
      ['docker.io', '20.10.24+dfsg1-1+deb12u1+b6', 'installed', 'amd64'],
      ['runc', '1.1.5+ds1-1+deb12u1', 'installed', 'amd64'],
      ['systemd', '252.38-1~deb12u1', 'installed', 'amd64'],
    ]);
    expect(packages.map((p) => p.line)).toEqual([1, 18, 41, 51]);
  });

  it('tells a removed package whose configuration stayed from one whose files are on disk', () => {
    const text = [
      'Package: kubelet',
      'Status: deinstall ok config-files',
      'Version: 1.28.4-1.1',
      '',
      'Package: kubelet',
      'Status: install ok unpacked',
      'Architecture: amd64',
      'Version: 1.29.0-1.1',
      '',
      'Package: cri-o',
      'Status: purge ok not-installed',
      '',
    ].join('\n');
    const { packages, warnings } = parseDpkgStatus(text);
    expect(warnings).toEqual([]);
    expect(packages.map((p) => [p.version, filesOnDisk(p)])).toEqual([
      ['1.28.4-1.1', false],
      ['1.29.0-1.1', true],
    ]);
  });

  it('names the line of what it cannot read, and reads on', () => {
    const { packages, warnings } = parseDpkgStatus(
      'Package: a\nStatus: install ok installed\nVersion: 1\nthis is not a field\n\nStatus: install ok installed\nVersion: 2\n',
      'var/lib/dpkg/status',
    );
    expect(packages.map((p) => p.name)).toEqual(['a']);
    expect(warnings).toEqual([
      { path: 'var/lib/dpkg/status', line: 4, message: 'not a "Field: value" line: "this is not a field"' },
      { path: 'var/lib/dpkg/status', line: 6, message: 'a stanza without a Package field' },
    ]);
  });
});

describe('Debian versions', () => {
  it.each([
    ['1.6.20~ds1-1+deb12u3', { epoch: 0, upstream: '1.6.20~ds1', revision: '1+deb12u3', numbers: [1, 6, 20] }],
    ['5:24.0.7-1~debian.12~bookworm', { epoch: 5, upstream: '24.0.7', revision: '1~debian.12~bookworm', numbers: [24, 0, 7] }],
    ['1.29.0-1.1', { epoch: 0, upstream: '1.29.0', revision: '1.1', numbers: [1, 29, 0] }],
    ['252.38-1~deb12u1', { epoch: 0, upstream: '252.38', revision: '1~deb12u1', numbers: [252, 38] }],
    ['2:1.02.97', { epoch: 2, upstream: '1.02.97', numbers: [1, 2, 97] }],
    ['git20190806', { epoch: 0, upstream: 'git20190806' }],
  ])('%s', (v, want) => {
    expect(debianVersion(v)).toEqual(want);
  });
});
