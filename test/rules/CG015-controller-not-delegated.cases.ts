import type { RuleCase } from './cases.js';
import { v2Node } from './nodes.js';

export const fires: RuleCase[] = [
  {
    name: 'cgroup v2: kubepods.slice does not enable cpuset for its children (its cgroup.subtree_control is "cpu io memory hugetlb pids")',
    node: v2Node().cgroup('/kubepods.slice', { subtree: 'cpu io memory hugetlb pids' }),
    layout: 'v2',
    findings: [
      {
        rule: 'CG015',
        severity: 'error',
        subject: '/kubepods.slice',
        evidence: [{ path: 'sys/fs/cgroup/kubepods.slice/cgroup.subtree_control', match: /^cpu io memory hugetlb pids$/ }],
      },
    ],
  },
];

export const nearMisses: RuleCase[] = [
  {
    name: 'cgroup v2: every cgroup on the pods path delegates; a service outside it enables nothing and is threaded, which is its own business',
    node: v2Node().cgroup('/system.slice/app.service', { in: ['unified'], subtree: '', type: 'threaded' }),
    layout: 'v2',
    findings: [],
  },
];
