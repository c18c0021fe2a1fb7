import type { RuleCase } from './cases.js';
import { systemdNode } from './nodes.js';

export const fires: RuleCase[] = [
  {
    name: '--runtime-cgroups=/system.slice names the parent slice; containerd runs in /system.slice/containerd.service',
    node: systemdNode({ kubelet: { extraArgs: ['--runtime-cgroups=/system.slice'] } }),
    layout: 'v1',
    findings: [
      {
        rule: 'CG007',
        severity: 'warning',
        subject: '/system.slice',
        evidence: [
          { path: 'etc/default/kubelet', match: '--runtime-cgroups=/system.slice' },
          { path: 'proc/812/cgroup', match: ':name=systemd:/system.slice/containerd.service' },
        ],
      },
    ],
  },
];

export const nearMisses: RuleCase[] = [
  {
    name: '--runtime-cgroups=/system.slice/containerd.service, where containerd runs',
    node: systemdNode({ kubelet: { extraArgs: ['--runtime-cgroups=/system.slice/containerd.service'] } }),
    layout: 'v1',
    findings: [],
  },
];
