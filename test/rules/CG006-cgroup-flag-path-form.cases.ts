import type { RuleCase } from './cases.js';
import { SYSTEMD_KEYS, systemdNode } from './nodes.js';

export const fires: RuleCase[] = [
  {
    name: 'KUBELET_EXTRA_ARGS in /etc/default/kubelet sets --kubelet-cgroups=/system.slice/kubelet.service/ with a trailing slash',
    node: systemdNode({ kubelet: { extraArgs: ['--kubelet-cgroups=/system.slice/kubelet.service/'] } }),
    layout: 'v1',
    findings: [
      { rule: 'CG006', severity: 'error', subject: '--kubelet-cgroups', evidence: [{ path: 'etc/default/kubelet', match: '--kubelet-cgroups=/system.slice/kubelet.service/' }] },
    ],
  },
  {
    // k0s's default worker profile (pkg/component/controller/workerconfig/reconciler.go, buildProfile):
    // kubeReservedCgroup "system.slice", relative, and kubeletCgroups "/system.slice/containerd.service";
    // enforceNodeAllocatable stays kubelet's default, pods only.
    name: "k0s's default worker profile: kubeReservedCgroup: system.slice is relative but not enforced, so kubelet does not use it: info, not an error",
    node: systemdNode({
      kubelet: {
        config: { kubeReservedCgroup: 'system.slice', kubeletCgroups: '/system.slice/containerd.service' },
        at: Object.fromEntries(SYSTEMD_KEYS.map((k) => [k, '/system.slice/containerd.service'])),
      },
    }),
    layout: 'v1',
    findings: [
      { rule: 'CG006', severity: 'info', subject: 'kubeReservedCgroup', evidence: [{ path: 'var/lib/kubelet/config.yaml', match: 'kubeReservedCgroup: "system.slice"' }] },
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
