import * as fs from 'node:fs';
import * as path from 'node:path';
import { goBinary, goElf } from '../../scripts/go-elf.mjs';
import { dpkgStatus } from '../../scripts/node-tree.mjs';
import type { RuleCase } from './cases.js';
import { systemdNode, v2Node } from './nodes.js';

/** containerd 1.3.10 as its release tarballs build it: -ldflags -X sets the version (containerd's Makefile). */
const containerd = (version: string) =>
  goBinary('go1.13.15', {
    path: 'github.com/containerd/containerd/cmd/containerd',
    settings: [['-ldflags', `-X github.com/containerd/containerd/version.Version=${version} -X github.com/containerd/containerd/version.Revision=269548fa27e0 -s -w`]],
  });
/** A distribution's runc built with -trimpath: no -ldflags in its build information, so no version. */
const TRIMPATH_RUNC = goBinary('go1.15.9', {
  path: 'github.com/opencontainers/runc',
  settings: [
    ['-trimpath', 'true'],
    ['CGO_ENABLED', '1'],
  ],
});
/** The .go.buildinfo section of Debian 12's /usr/sbin/runc (test/corpus/go-buildinfo). */
const DEBIAN_RUNC = goElf(Buffer.from(fs.readFileSync(path.join(import.meta.dirname, '..', 'corpus', 'go-buildinfo', 'runc-1.1.5-debian12.buildinfo.hex'), 'utf8').trim(), 'hex'));

export const fires: RuleCase[] = [
  {
    name: 'a v1 node whose containerd binary says v1.3.10 in its build information: the blocker of a move to v2 (a warning)',
    node: systemdNode().file('usr/bin/containerd', containerd('v1.3.10')),
    layout: 'v1',
    findings: [
      {
        rule: 'CG032',
        severity: 'warning',
        subject: 'containerd',
        evidence: [{ path: 'usr/bin/containerd', match: '-X github.com/containerd/containerd/version.Version=v1.3.10' }],
      },
    ],
  },
  {
    name: "a v2 node whose runc is Debian's 1.0.0~rc10 package (its -trimpath binary states no version): an error",
    node: dpkgStatus(v2Node().file('usr/sbin/runc', TRIMPATH_RUNC), [
      ['containerd', '1.6.20~ds1-1+deb12u3'],
      ['runc', '1.0.0~rc10+dfsg2-1'],
    ]),
    layout: 'v2',
    findings: [{ rule: 'CG032', severity: 'error', subject: 'runc', evidence: [{ path: 'var/lib/dpkg/status', match: 'runc 1.0.0~rc10+dfsg2-1' }] }],
  },
];

export const nearMisses: RuleCase[] = [
  {
    name: "a v1 node with containerd v1.6.20 and Debian 12's runc 1.1.5 (package and real build information): ready to move",
    node: dpkgStatus(systemdNode().file('usr/bin/containerd', containerd('v1.6.20')).file('usr/sbin/runc', DEBIAN_RUNC), [['runc', '1.1.5+ds1-1+deb12u1']]),
    layout: 'v1',
    findings: [],
  },
  {
    name: "an old runc package removed with its config files kept (dpkg's deinstall ok config-files): nothing of it is on disk",
    node: dpkgStatus(v2Node(), [['runc', '1.0.0~rc10+dfsg2-1', 'deinstall ok config-files']]),
    layout: 'v2',
    findings: [],
  },
];
