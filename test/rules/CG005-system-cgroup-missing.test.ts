import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/CG005-system-cgroup-missing.js';
import { ALL_DIRS, cgroupIn, kubelet, run, subjects, v1Node } from './trees.js';

const MANAGED = ['systemd', 'cpu,cpuacct', 'memory', 'pids'];

describe('CG005 system-cgroup-missing', () => {
  it('fires for a cgroup that exists in no hierarchy', () => {
    const r = run(rule, v1Node(kubelet(['--runtime-cgroups=/system.slice/docker.service'])));
    expect(Array.isArray(r) && r.map((f) => f.subject)).toEqual(['/system.slice/docker.service']);
  });

  it('fires for an enforced reservation missing from one hierarchy kubelet checks', () => {
    const tree = v1Node({ ...kubelet(['--system-reserved-cgroup=/system.slice', '--enforce-node-allocatable=pods,system-reserved']), ...cgroupIn(MANAGED, '/system.slice') });
    const r = run(rule, tree);
    expect(Array.isArray(r) && r.map((f) => f.message)).toEqual([expect.stringMatching(/missing from cpuset, hugetlb: kubelet's container manager will not start/)]);
  });

  it.each([
    ['/runtime', '/runtime', ['/runtime.slice']],
    ['/runtime', '/runtime.slice', []],
    // kubernetes/kubernetes#110288: kubelet asks for kubelet.service.slice.
    ['/system.slice/kubelet.service', '/system.slice/kubelet.service', ['/kubelet.service.slice']],
    ['system.slice', '/system.slice', []],
  ])('under the systemd driver an enforced %s is looked for where kubelet enforces it (cgroup %s exists)', (value, exists, want) => {
    const args = ['--cgroup-driver=systemd', `--kube-reserved-cgroup=${value}`, '--enforce-node-allocatable=pods,kube-reserved'];
    expect(subjects(rule, v1Node({ ...kubelet(args), ...cgroupIn(ALL_DIRS, exists) }))).toEqual(want);
  });

  it('names the converted cgroup in the message, and the cgroupfs driver uses the value as written', () => {
    const args = (driver: string) => [`--cgroup-driver=${driver}`, '--kube-reserved-cgroup=/runtime', '--enforce-node-allocatable=pods,kube-reserved'];
    const r = run(rule, v1Node({ ...kubelet(args('systemd')), ...cgroupIn(ALL_DIRS, '/runtime') }));
    expect(Array.isArray(r) && r.map((f) => f.message)).toEqual([expect.stringContaining('(under the systemd driver kubelet looks for it as /runtime.slice)')]);
    expect(subjects(rule, v1Node({ ...kubelet(args('cgroupfs')), ...cgroupIn(ALL_DIRS, '/runtime') }))).toEqual([]);
  });

  it('an unenforced reservation that exists nowhere is info: kubelet does not use it', () => {
    const r = run(rule, v1Node(kubelet(['--kube-reserved-cgroup=/kube.slice'])));
    expect(Array.isArray(r) && r.map((f) => [f.subject, f.severity])).toEqual([['/kube.slice', 'info']]);
  });

  it.each([
    ['a reservation that is not enforced', ['--system-reserved-cgroup=/system.slice'], cgroupIn(MANAGED, '/system.slice')],
    [
      'an enforced reservation present everywhere',
      ['--system-reserved-cgroup=/system.slice', '--enforce-node-allocatable=pods,system-reserved'],
      cgroupIn(ALL_DIRS, '/system.slice'),
    ],
    ['a unit cgroup systemd manages', ['--kubelet-cgroups=/system.slice/kubelet.service'], cgroupIn(MANAGED, '/system.slice/kubelet.service')],
  ])('stays quiet for %s', (_n, args, extra) => expect(subjects(rule, v1Node({ ...kubelet(args), ...extra }))).toEqual([]));

  it('is skipped without kubelet', () => {
    expect(subjects(rule, v1Node())).toMatchObject({ skipped: expect.stringMatching(/^no kubelet/) });
  });
});
