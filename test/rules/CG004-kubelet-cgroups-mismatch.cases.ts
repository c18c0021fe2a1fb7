import type { RuleCase } from './cases.js';
import { V1_KEYS, systemdNode } from './nodes.js';

const FIX = '/fix-kubelet-no-cadvisor-monitor.service';

export const fires: RuleCase[] = [
  {
    name: "seed 000's workaround: kubeletCgroups is /fix-kubelet-no-cadvisor-monitor.service, so kubelet created that cgroup and moved itself into it, while systemd keeps it in /system.slice/kubelet.service",
    node: systemdNode({ kubelet: { config: { kubeletCgroups: FIX }, at: { 'cpu,cpuacct': FIX, cpuset: FIX, memory: FIX, pids: FIX, hugetlb: FIX } } }).cgroup(FIX, { in: V1_KEYS }),
    layout: 'v1',
    findings: [
      {
        rule: 'CG004',
        severity: 'warning',
        subject: FIX,
        evidence: [
          { path: 'var/lib/kubelet/config.yaml', match: `kubeletCgroups: "${FIX}"` },
          { path: 'proc/1203/cgroup', match: ':name=systemd:/system.slice/kubelet.service' },
        ],
      },
    ],
  },
];

export const nearMisses: RuleCase[] = [
  {
    name: 'kubeletCgroups is /system.slice/kubelet.service, the cgroup systemd runs kubelet in',
    node: systemdNode({ kubelet: { config: { kubeletCgroups: '/system.slice/kubelet.service' } } }),
    layout: 'v1',
    findings: [],
  },
];
