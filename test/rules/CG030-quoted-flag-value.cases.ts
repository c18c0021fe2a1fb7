import type { RuleCase } from './cases.js';
import { systemdNode, type NodeTree } from './nodes.js';

/** kubelet runs with `flags` added, as systemd passes them after expanding its unit. */
function kubeletRunsWith(t: NodeTree, flags: string[]): NodeTree {
  const k = t.processes.find((p) => p.comm === 'kubelet')!;
  k.argv = [...k.argv, ...flags];
  return t;
}

export const fires: RuleCase[] = [
  {
    name: "kubernetes#87918: KUBELET_EXTRA_ARGS=\"--cgroup-driver='systemd'\" in /etc/default/kubelet hands kubelet the value 'systemd', quotes included; it exits on the driver mismatch",
    node: systemdNode({ kubelet: { running: false } }).file('etc/default/kubelet', `KUBELET_EXTRA_ARGS="--cgroup-driver='systemd'"\n`),
    layout: 'v1',
    findings: [
      // The quoted value is not "systemd", so the drivers differ too.
      {
        rule: 'CG009',
        severity: 'error',
        subject: 'containerd',
        evidence: [
          { path: 'etc/default/kubelet', match: "--cgroup-driver='systemd'" },
          { path: 'etc/containerd/config.toml', match: 'SystemdCgroup = true' },
        ],
      },
      { rule: 'CG030', severity: 'error', subject: '--cgroup-driver', evidence: [{ path: 'etc/default/kubelet', match: "--cgroup-driver='systemd'" }] },
    ],
    // kubelet is not running, so there are no QoS cgroups to look for.
    skipped: ['CG012'],
  },
];

export const nearMisses: RuleCase[] = [
  {
    name: 'quotes that systemd removes: Environment="KUBELET_EXTRA_ARGS=--node-labels=tier=web" in a drop-in',
    node: kubeletRunsWith(systemdNode().file('etc/systemd/system/kubelet.service.d/30-labels.conf', '[Service]\nEnvironment="KUBELET_EXTRA_ARGS=--node-labels=tier=web"\n'), [
      '--node-labels=tier=web',
    ]),
    layout: 'v1',
    findings: [],
  },
];
