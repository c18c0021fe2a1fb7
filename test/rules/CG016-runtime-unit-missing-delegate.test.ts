import { describe, expect, it } from 'vitest';
import rule, { delegates } from '../../src/rules/CG016-runtime-unit-missing-delegate.js';
import { containerd, subjects, v1Node } from './trees.js';

describe('CG016 runtime-unit-missing-delegate', () => {
  it.each([
    ['yes', true],
    ['true', true],
    ['cpu memory', true],
    ['no', false],
    ['', false],
    [undefined, false],
  ])('Delegate=%s delegates: %s', (v, want) => expect(delegates(v)).toBe(want));

  // A containerd on the cgroupfs driver (no config: SystemdCgroup defaults to false), run by containerd.service.
  const cgroupfs = (extra: Record<string, string>) =>
    v1Node({ ...containerd(), 'lib/systemd/system/containerd.service': '[Service]\nExecStart=/usr/bin/containerd\n', 'run/systemd/system/.keep': '', ...extra });

  it('fires for the unit a cgroupfs runtime runs in without Delegate=yes, and a drop-in can fix or break it', () => {
    expect(subjects(rule, cgroupfs({}))).toEqual(['containerd.service']);
    expect(subjects(rule, cgroupfs({ 'etc/systemd/system/containerd.service.d/d.conf': '[Service]\nDelegate=yes\n' }))).toEqual([]);
    expect(
      subjects(
        rule,
        cgroupfs({ 'lib/systemd/system/containerd.service': '[Service]\nDelegate=yes\n', 'etc/systemd/system/containerd.service.d/d.conf': '[Service]\nDelegate=no\n' }),
      ),
    ).toEqual(['containerd.service']);
  });

  it("finds the unit by the process's cgroup, whatever its name (k3s runs containerd in k3s.service)", () => {
    const tree = v1Node({
      ...containerd(200, '/system.slice/k3s.service'),
      'etc/systemd/system/k3s.service': '[Service]\nExecStart=/usr/local/bin/k3s server\n',
      'run/systemd/system/.keep': '',
    });
    expect(subjects(rule, tree)).toEqual(['k3s.service']);
  });

  it('asks nothing of CRI-O, on the systemd manager or on cgroupfs (conmon_cgroup = "pod"), nor of a runtime that neither runs nor serves the kubelet', () => {
    const crio = {
      'proc/300/comm': 'crio\n',
      'proc/300/cmdline': '/usr/bin/crio\0',
      'proc/300/cgroup': '1:name=systemd:/system.slice/crio.service\n',
      'usr/lib/systemd/system/crio.service': '[Service]\nExecStart=/usr/bin/crio\n',
      'run/systemd/system/.keep': '',
    };
    expect(subjects(rule, v1Node(crio))).toEqual([]);
    expect(subjects(rule, v1Node({ ...crio, 'etc/crio/crio.conf.d/10-cgroupfs.conf': '[crio.runtime]\ncgroup_manager = "cgroupfs"\n' }))).toEqual([]);
  });

  it('is skipped without systemd', () => {
    expect(subjects(rule, v1Node({ ...containerd(), 'proc/1/comm': 'init\n', 'lib/systemd/system/containerd.service': '[Service]\n' }))).toMatchObject({
      skipped: expect.stringMatching(/^systemd is not the init system/),
    });
  });
});
