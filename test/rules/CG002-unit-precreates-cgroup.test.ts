import { describe, expect, it } from 'vitest';
import rule, { mkdirTargets } from '../../src/rules/CG002-unit-precreates-cgroup.js';
import { run, subjects, v1Node } from './trees.js';

describe('CG002 unit-precreates-cgroup', () => {
  it.each([
    ['/bin/mkdir -p /sys/fs/cgroup/cpuset/system.slice/kubelet.service', ['/sys/fs/cgroup/cpuset/system.slice/kubelet.service']],
    ['/bin/sh -c "mkdir -p /sys/fs/cgroup/a /sys/fs/cgroup/b"', ['/sys/fs/cgroup/a', '/sys/fs/cgroup/b']],
    ['/bin/mkdir -p /var/lib/kubelet', undefined],
    ['/usr/bin/echo /sys/fs/cgroup/x', undefined],
  ])('%s', (cmd, want) => expect(mkdirTargets(cmd)).toEqual(want));

  it('cites every matching line of the unit and its drop-ins', () => {
    const tree = v1Node({
      'lib/systemd/system/kubelet.service': '[Service]\nExecStart=/usr/bin/kubelet\n',
      'etc/systemd/system/kubelet.service.d/override.conf': '[Service]\nExecStartPre=/bin/mkdir -p /sys/fs/cgroup/cpuset/k\nExecStartPre=-/sbin/swapoff -a\n',
    });
    const r = run(rule, tree);
    expect(Array.isArray(r) && r.map((f) => [f.subject, f.evidence.map((e) => `${e.path}:${e.line}`)])).toEqual([
      ['kubelet.service', ['etc/systemd/system/kubelet.service.d/override.conf:2']],
    ]);
  });

  it('an etc/ drop-in masks the lib/ drop-in of the same name', () => {
    const tree = v1Node({
      'lib/systemd/system/containerd.service.d/10.conf': '[Service]\nExecStartPre=/bin/mkdir /sys/fs/cgroup/x\n',
      'etc/systemd/system/containerd.service.d/10.conf': '[Service]\nExecStartPre=/bin/true\n',
    });
    expect(subjects(rule, tree)).toEqual([]);
  });

  it('is skipped when no unit file exists', () => {
    expect(subjects(rule, v1Node())).toMatchObject({ skipped: expect.stringMatching(/^no kubelet, containerd, docker or crio unit file/) });
  });
});
