import type { RuleCase } from './cases.js';
import { v2Node } from './nodes.js';

export const fires: RuleCase[] = [
  {
    name: 'cgroup v2: a debugging shell was moved into kubepods-burstable.slice, an inner cgroup, so controllers can no longer be enabled below it',
    node: v2Node().cgroup('/kubepods.slice/kubepods-burstable.slice', { procs: [7777] }),
    layout: 'v2',
    findings: [
      {
        rule: 'CG031',
        severity: 'error',
        subject: '/kubepods.slice/kubepods-burstable.slice',
        evidence: [{ path: 'sys/fs/cgroup/kubepods.slice/kubepods-burstable.slice/cgroup.procs', match: '1 process' }],
      },
    ],
  },
];

export const nearMisses: RuleCase[] = [
  {
    name: 'cgroup v2: processes only in leaf scopes, and in the root cgroup, which is exempt',
    node: v2Node().cgroup('/', { procs: [2] }),
    layout: 'v2',
    findings: [],
  },
];
