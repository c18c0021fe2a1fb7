import type { RuleCase } from './cases.js';
import { systemdNode } from './nodes.js';

export const fires: RuleCase[] = [
  {
    name: 'the hugetlb hierarchy was mounted after kubelet started, so the pods root and QoS cgroups are missing there',
    node: systemdNode({ pods: { except: ['hugetlb'] } }),
    layout: 'v1',
    findings: ['/kubepods.slice', '/kubepods.slice/kubepods-besteffort.slice', '/kubepods.slice/kubepods-burstable.slice'].map((subject) => ({
      rule: 'CG012',
      severity: 'error' as const,
      subject,
      evidence: [{ path: `sys/fs/cgroup/hugetlb${subject}`, match: 'directory does not exist' }],
    })),
  },
];

export const nearMisses: RuleCase[] = [
  {
    name: 'cgroupsPerQOS: false: kubelet runs with no kubepods tree, as configured',
    node: systemdNode({ kubelet: { config: { cgroupsPerQOS: false } }, pods: false }),
    layout: 'v1',
    findings: [],
    // No pods, so no pod cgroups to compare with pod directories.
    skipped: ['CG022'],
  },
];
