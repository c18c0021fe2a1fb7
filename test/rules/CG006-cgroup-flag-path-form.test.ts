import { describe, expect, it } from 'vitest';
import rule, { pathFormProblem } from '../../src/rules/CG006-cgroup-flag-path-form.js';
import { kubelet, run, subjects, v1Node } from './trees.js';

describe('CG006 cgroup-flag-path-form', () => {
  it.each([
    ['/systemd/system.slice', 'starts with the hierarchy name "systemd"', '/system.slice'],
    ['/sys/fs/cgroup/systemd/system.slice/kubelet.service', 'includes the mount point /sys/fs/cgroup', '/system.slice/kubelet.service'],
    ['/sys/fs/cgroup/system.slice', 'includes the mount point /sys/fs/cgroup', '/system.slice'],
    ['/cpu,cpuacct/kubelet', 'starts with the hierarchy name "cpu,cpuacct"', '/kubelet'],
    ['system.slice/kubelet.service', 'is relative', '/system.slice/kubelet.service'],
    ['/system.slice/', 'ends with "/"', '/system.slice'],
  ])('%s', (value, problem, suggested) => expect(pathFormProblem(value)).toEqual({ problem, suggested }));

  it.each(['/system.slice', '/systemd.slice', '/', '/kube.slice/kubelet.service', '/memoryhog'])('%s is fine', (v) => expect(pathFormProblem(v)).toBeUndefined());

  it('knows the names of hierarchies mounted on this node', () => {
    expect(pathFormProblem('/cpu_mirror/x', ['cpu_mirror'])?.suggested).toBe('/x');
  });

  it.each([
    ['not enforced', 'info', ['--kube-reserved-cgroup=/systemd/kube.slice']],
    ['enforced and read as /systemd/kube.slice by the cgroupfs driver', 'error', ['--kube-reserved-cgroup=/systemd/kube.slice', '--enforce-node-allocatable=pods,kube-reserved']],
    [
      'enforced, and read as /kube.slice by the systemd driver (only the last component counts)',
      'warning',
      ['--cgroup-driver=systemd', '--kube-reserved-cgroup=/systemd/kube.slice', '--enforce-node-allocatable=pods,kube-reserved'],
    ],
    ['enforced, relative, read as /system.slice by either driver', 'warning', ['--system-reserved-cgroup=system.slice', '--enforce-node-allocatable=pods,system-reserved']],
  ])('a reservation in a wrong form, %s, is a %s', (_n, severity, args) => {
    const r = run(rule, v1Node(kubelet(args as string[])));
    expect(Array.isArray(r) && r.map((f) => f.severity)).toEqual([severity]);
  });

  it('reports each bad setting by its flag', () => {
    expect(
      subjects(rule, v1Node(kubelet(['--kubelet-cgroups=/systemd/system.slice', '--runtime-cgroups=/system.slice/containerd.service', '--system-cgroups=system.slice']))),
    ).toEqual(['--kubelet-cgroups', '--system-cgroups']);
  });
});
