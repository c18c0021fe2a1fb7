import type { RuleCase } from './cases.js';
import { DAEMON_JSON, containerdConfig, systemdNode } from './nodes.js';

export const fires: RuleCase[] = [
  {
    name: 'kubeadm 1.22+ writes cgroupDriver: systemd; `containerd config default` writes SystemdCgroup = false',
    node: systemdNode({ containerd: containerdConfig({ version: 2, systemdCgroup: false }) }),
    layout: 'v1',
    findings: [
      {
        rule: 'CG009',
        severity: 'error',
        subject: 'containerd',
        evidence: [
          { path: 'var/lib/kubelet/config.yaml', match: 'cgroupDriver: "systemd"' },
          { path: 'etc/containerd/config.toml', match: 'SystemdCgroup = false' },
        ],
      },
    ],
  },
];

export const nearMisses: RuleCase[] = [
  {
    name: 'containerd 2.x config version 3 with SystemdCgroup = true under io.containerd.cri.v1.runtime, and a leftover docker daemon.json on cgroupfs while dockerd does not run',
    node: systemdNode({ containerd: containerdConfig({ version: 3, systemdCgroup: true }) }).file('etc/docker/daemon.json', DAEMON_JSON),
    layout: 'v1',
    findings: [],
  },
];
