import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/CG002-unit-precreates-cgroup.js';
import { run, subjects, v1Node } from './trees.js';
import type { Tree } from './trees.js';

const DROPIN = 'etc/systemd/system/kubelet.service.d/20-cgroups.conf';
const unit = (lines: string[]): Tree => ({
  'lib/systemd/system/kubelet.service': '[Service]\nExecStart=/usr/bin/kubelet\n',
  [DROPIN]: `[Service]\n${lines.map((l) => `ExecStartPre=${l}\n`).join('')}`,
});
const v2Node = (extra: Tree): Tree => ({
  'proc/self/mountinfo': '28 23 0:26 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw\n',
  'proc/1/comm': 'systemd\n',
  'sys/fs/cgroup/cgroup.controllers': 'cpuset cpu io memory pids\n',
  ...extra,
});
const messages = (tree: Tree) => {
  const r = run(rule, tree);
  return Array.isArray(r) ? r.map((f) => f.message) : r;
};

describe('CG002 unit-precreates-cgroup', () => {
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

  it('an empty ExecStartPre= in a later drop-in resets the lines before it, as systemd does', () => {
    const tree = v1Node({
      ...unit(['/bin/mkdir -p /sys/fs/cgroup/cpuset/k']),
      'etc/systemd/system/kubelet.service.d/30-reset.conf': '[Service]\nExecStartPre=\nExecStartPre=/bin/true\n',
    });
    expect(subjects(rule, tree)).toEqual([]);
  });

  it('decides a conditional mkdir against the tree: `[ -f cgroup.controllers ] || mkdir` makes nothing on v2', () => {
    const line = "/bin/sh -c '[ -f /sys/fs/cgroup/cgroup.controllers ] || mkdir -p /sys/fs/cgroup/cpuset/system.slice/kubelet.service'";
    expect(subjects(rule, v2Node(unit([line])))).toEqual([]);
    expect(messages(v1Node(unit([line])))).toEqual([
      'kubelet.service creates 1 cgroup directory before it starts: /sys/fs/cgroup/cpuset/system.slice/kubelet.service. A cpuset directory made this way has empty cpuset.cpus and cpuset.mems.',
    ]);
  });

  it('reports on v2 what a v1-minded line really makes there: a stray cgroup named after the hierarchy', () => {
    expect(messages(v2Node(unit(['/bin/mkdir -p /sys/fs/cgroup/cpuset/podruntime.slice'])))).toEqual([
      'kubelet.service creates 1 cgroup directory before it starts: /sys/fs/cgroup/cpuset/podruntime.slice.',
    ]);
  });

  it('names empty cpusets only when a target lands in the cpuset hierarchy', () => {
    expect(messages(v1Node(unit(['/bin/mkdir -p /sys/fs/cgroup/memory/k /sys/fs/cgroup/pids/k'])))).toEqual([
      'kubelet.service creates 2 cgroup directories before it starts: /sys/fs/cgroup/memory/k, /sys/fs/cgroup/pids/k.',
    ]);
  });

  it('says what the decision depends on when the tree cannot tell, and still reports the line', () => {
    expect(messages(v1Node(unit(["/bin/sh -c 'grep -qw cpuset /proc/cgroups && mkdir -p /sys/fs/cgroup/cpuset/k'"])))).toEqual([
      'kubelet.service creates 1 cgroup directory before it starts: /sys/fs/cgroup/cpuset/k. A cpuset directory made this way has empty cpuset.cpus and cpuset.mems. cgdoctor cannot tell whether it does: that depends on `grep -qw cpuset /proc/cgroups`.',
    ]);
    // A path that cannot be read is not a path that is missing.
    const unreadable = v1Node({
      ...unit(["/bin/sh -c '[ -d /sys/fs/cgroup/cpuset/system.slice ] && mkdir -p /sys/fs/cgroup/memory/k'"]),
      'sys/fs/cgroup/cpuset': { dir: true, denied: true },
    });
    expect(messages(unreadable)).toEqual([
      'kubelet.service creates 1 cgroup directory before it starts: /sys/fs/cgroup/memory/k. cgdoctor cannot tell whether it does: that depends on whether /sys/fs/cgroup/cpuset/system.slice exists, which it could not read.',
    ]);
  });

  it('counts a word it cannot expand when it is visibly under /sys/fs/cgroup, and only then', () => {
    expect(messages(v1Node(unit(["/bin/sh -c 'mkdir -p /sys/fs/cgroup/$c/kubelet $HOME/x'"])))).toEqual([
      'kubelet.service creates 1 cgroup directory before it starts: /sys/fs/cgroup/$c/kubelet.',
    ]);
  });

  it("names what kind's v1 line really makes, and kainstall's bash braces expanded", () => {
    const kind = '/bin/sh -euc "if [ ! -f /sys/fs/cgroup/cgroup.controllers ] && [ ! -d /sys/fs/cgroup/systemd/kubelet ]; then mkdir -p /sys/fs/cgroup/systemd/kubelet; fi"';
    expect(messages(v1Node({ ...unit([kind]), 'sys/fs/cgroup/systemd/kubelet/cgroup.procs': '' }))).toEqual([
      'kubelet.service creates 1 cgroup directory before it starts: /sys/fs/cgroup/systemd/kubelet.',
    ]);
    const kainstall = `/bin/bash -c '/bin/mkdir -p /sys/fs/cgroup/{cpuset,memory,hugetlb,systemd,pids,"cpu,cpuacct"}/{system,kube,kubepods}.slice||:'`;
    expect(messages(v1Node(unit([kainstall])))).toEqual([
      'kubelet.service creates 18 cgroup directories before it starts: /sys/fs/cgroup/cpuset/system.slice, /sys/fs/cgroup/cpuset/kube.slice, /sys/fs/cgroup/cpuset/kubepods.slice, /sys/fs/cgroup/memory/system.slice, /sys/fs/cgroup/memory/kube.slice and 13 more. A cpuset directory made this way has empty cpuset.cpus and cpuset.mems.',
    ]);
  });

  it('is skipped when no unit file exists', () => {
    expect(subjects(rule, v1Node())).toMatchObject({ skipped: expect.stringMatching(/^no kubelet, containerd, docker or crio unit file/) });
  });
});
