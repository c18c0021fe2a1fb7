import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/CG032-v2-component-too-old.js';
import { FactStore } from '../../src/collect/index.js';
import { evaluate } from '../../src/engine.js';
import { MemHost } from '../../src/host/mem-host.js';
import { goBinary } from '../../scripts/go-elf.mjs';
import { dpkgStatus } from '../../scripts/node-tree.mjs';
import { systemdNode, toTree, v2Node } from './nodes.js';

const findings = (tree: ReturnType<typeof toTree>, context: { target?: 'v2'; kubeletVersion?: string } = {}) =>
  evaluate([rule], new FactStore(new MemHost(tree), context)).findings.map((f) => [f.subject, f.severity, f.evidence.map((e) => `${e.path}: ${e.excerpt}`)]);

const dockerd = (version: string) =>
  goBinary('go1.13.15', {
    path: 'github.com/docker/docker/cmd/dockerd',
    settings: [['-ldflags', `-w -X "github.com/docker/docker/dockerversion.Version=${version}" -X "github.com/docker/docker/dockerversion.GitCommit=4484c46"`]],
  });

describe('CG032 v2-component-too-old', () => {
  it('under --target v2 a blocker is an error, and a component whose version is unknown is named (info)', () => {
    // The node's runc is on disk but says nothing of its version: no package, a binary without Go build information.
    const tree = toTree(systemdNode().file('usr/bin/dockerd', dockerd('19.03.15')).file('usr/sbin/runc', '#!/bin/sh\nexec /opt/runc.real "$@"\n'));
    expect(findings(tree)).toEqual([['docker', 'warning', ['usr/bin/dockerd: Go build information: -X github.com/docker/docker/dockerversion.Version=19.03.15']]]);
    // The v1 node's containerd runs (pid 812) and kubelet too, neither with a version on disk.
    expect(findings(tree, { target: 'v2' })).toEqual([
      ['docker', 'error', ['usr/bin/dockerd: Go build information: -X github.com/docker/docker/dockerversion.Version=19.03.15']],
      ['containerd', 'info', ['proc/812/comm: containerd is here']],
      ['kubelet', 'info', ['proc/1203/cmdline: kubelet is here']],
      ['runc', 'info', ['usr/sbin/runc: runc is here']],
    ]);
  });

  it('takes the kubelet version from the kubelet facts, and compares pre-releases before their release', () => {
    expect(findings(toTree(v2Node()), { kubeletVersion: 'v1.24.17' })).toEqual([['kubelet', 'error', [expect.stringContaining('1.24.17')]]]);
    expect(findings(toTree(v2Node()), { kubeletVersion: 'v1.25.0' })).toEqual([]);
    const rc92 = dpkgStatus(
      v2Node().file('usr/sbin/runc', goBinary('go1.14', { path: 'github.com/opencontainers/runc', settings: [['-ldflags', '-X main.version=1.0.0-rc92']] })),
      [],
    );
    expect(findings(toTree(rc92)).map(([s, sev]) => `${s} ${sev}`)).toEqual(['runc error']);
    const rc93 = v2Node().file('usr/sbin/runc', goBinary('go1.15', { path: 'github.com/opencontainers/runc', settings: [['-ldflags', '-X main.version=1.0.0-rc93']] }));
    expect(findings(toTree(rc93))).toEqual([]);
  });

  it("a package's version does not speak for a binary in usr/local: that one is read, or unknown", () => {
    const local = dpkgStatus(
      v2Node()
        .drop('usr/bin/containerd')
        .file('usr/local/bin/containerd', goBinary('go1.21', { path: 'github.com/containerd/containerd/cmd/containerd', settings: [['-trimpath', 'true']] })),
      [['containerd', '1.2.13-2']],
    );
    expect(findings(toTree(local))).toEqual([]);
    expect(findings(toTree(local), { target: 'v2' }).map(([s, sev]) => `${s} ${sev}`)).toEqual([]);
  });

  it("reads an RPM node's versions from rpm's database in each format, never running rpm", () => {
    const corpus = (f: string) => fs.readFileSync(path.join(import.meta.dirname, '..', 'corpus', 'rpmdb', f));
    const trimpath = goBinary('go1.20', { path: 'github.com/opencontainers/runc', settings: [['-trimpath', 'true']] });
    const versions = (tree: ReturnType<typeof toTree>) => {
      const f = new FactStore(new MemHost(tree)).get('componentVersions');
      return f.ok
        ? f.value
            .filter((c) => c.id === 'runc' || c.id === 'containerd')
            .map((c) => `${c.id} ${c.version?.text ?? c.unknown} ${c.source?.path ?? ''} ${c.source?.excerpt ?? ''}`.trim())
        : [];
    };
    // RHEL 9 and Fedora: SQLite, in /usr/lib/sysimage/rpm on Fedora 36+.
    const sqlite = toTree(v2Node().file('usr/bin/runc', trimpath).file('usr/lib/sysimage/rpm/rpmdb.sqlite', corpus('rpm418.rpmdb.sqlite')));
    expect(versions(sqlite)).toEqual([
      'runc 1:1.1.9-1.el9 usr/lib/sysimage/rpm/rpmdb.sqlite runc 1:1.1.9-1.el9 (row 2)',
      'containerd 1.6.24-3.1.el8 usr/lib/sysimage/rpm/rpmdb.sqlite containerd.io 1.6.24-3.1.el8 (row 3)',
    ]);
    // SUSE: ndb.
    const ndb = toTree(v2Node().file('usr/bin/runc', trimpath).file('var/lib/rpm/Packages.db', corpus('rpm418.Packages.db')));
    expect(versions(ndb)[0]).toBe('runc 1:1.1.9-1.el9 var/lib/rpm/Packages.db runc 1:1.1.9-1.el9 (record 1)');
    // RHEL 8: Berkeley DB, read; runc is not in this one, so its version is unknown, and says where it looked.
    const bdb = toTree(v2Node().file('usr/bin/runc', trimpath).file('var/lib/rpm/Packages', corpus('rhel8-libuuid.Packages')));
    expect(versions(bdb)[0]).toBe('runc usr/bin/runc: its Go build information (go1.20) states no version (built with -trimpath); no runc package in var/lib/rpm/Packages');
  });

  it("reads a running daemon's own binary through proc/<pid>/root, as its mount namespace sees it", () => {
    const containerd = (v: string) =>
      goBinary('go1.20', { path: 'github.com/containerd/containerd/cmd/containerd', settings: [['-ldflags', `-X github.com/containerd/containerd/version.Version=${v}`]] });
    // pid 812 is the v2 node's containerd; its namespace has an older binary than the node's path.
    const t = v2Node()
      .file('usr/bin/containerd', containerd('v1.7.13'))
      .file('proc/812/exe', { link: '/usr/bin/containerd' })
      .file('proc/812/root/usr/bin/containerd', containerd('v1.3.10'));
    expect(findings(toTree(t))).toEqual([
      ['containerd', 'error', ['proc/812/root/usr/bin/containerd: Go build information: -X github.com/containerd/containerd/version.Version=v1.3.10']],
    ]);
    // Without that view (a tree, a capture), the same path in the root.
    expect(findings(toTree(t.drop('proc/812/root/usr/bin/containerd')))).toEqual([]);
  });
});
