import type { RuleCase } from './cases.js';
import { DOCKERSHIM, dockershimNode, systemdNode } from './nodes.js';

export const fires: RuleCase[] = [
  {
    name: 'a node moved from docker to containerd kept --docker-only in KUBELET_EXTRA_ARGS',
    node: systemdNode({ kubelet: { extraArgs: ['--docker-only'] } }),
    layout: 'v1',
    findings: [{ rule: 'CG008', severity: 'warning', subject: 'kubelet', evidence: [{ path: 'etc/default/kubelet', match: '--docker-only' }] }],
  },
];

export const nearMisses: RuleCase[] = [
  {
    name: '--docker-only on a dockershim node with no system cgroups set: what the flag was made for',
    node: dockershimNode({ kubeadmArgs: [...DOCKERSHIM, '--docker-only'] }),
    layout: 'v1',
    findings: [],
  },
];
