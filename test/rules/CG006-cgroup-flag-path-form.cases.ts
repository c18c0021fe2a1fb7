import type { RuleCase } from './cases.js';
import { systemdNode } from './nodes.js';

export const fires: RuleCase[] = [
  {
    name: 'KUBELET_EXTRA_ARGS in /etc/default/kubelet sets --kubelet-cgroups=/system.slice/kubelet.service/ with a trailing slash',
    node: systemdNode({ kubelet: { extraArgs: ['--kubelet-cgroups=/system.slice/kubelet.service/'] } }),
    layout: 'v1',
    findings: [
      { rule: 'CG006', severity: 'error', subject: '--kubelet-cgroups', evidence: [{ path: 'etc/default/kubelet', match: '--kubelet-cgroups=/system.slice/kubelet.service/' }] },
    ],
  },
];

export const nearMisses: RuleCase[] = [
  {
    name: 'well-formed cgroup settings, one of them (/system.slice) starting with the letters of the systemd hierarchy name',
    node: systemdNode({
      kubelet: {
        extraArgs: ['--kubelet-cgroups=/system.slice/kubelet.service', '--runtime-cgroups=/system.slice/containerd.service'],
        config: { systemReservedCgroup: '/system.slice' },
      },
    }),
    layout: 'v1',
    findings: [],
  },
];
