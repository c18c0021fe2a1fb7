import type { RuleCase } from './cases.js';
import { cgroupfsNode } from './nodes.js';

export const fires: RuleCase[] = [
  {
    name: 'a Raspberry Pi OS node: cgroup_disable=memory on the kernel command line, so memory is enabled 0 in /proc/cgroups and not mounted',
    node: cgroupfsNode({ omit: ['memory'], disabled: ['memory'], release: '6.1.21-v8+' }),
    layout: 'v1',
    findings: [{ rule: 'CG014', severity: 'error', subject: 'memory', evidence: [{ path: 'proc/cgroups', match: /^memory 0 1 0$/ }] }],
    // No memory hierarchy to count dying cgroups in.
    skipped: ['CG021'],
  },
];

export const nearMisses: RuleCase[] = [
  {
    name: 'hugetlb is disabled and unmounted (a kernel command line choice): not a controller Kubernetes requires',
    node: cgroupfsNode({ omit: ['hugetlb'], disabled: ['hugetlb'] }),
    layout: 'v1',
    findings: [],
  },
];
