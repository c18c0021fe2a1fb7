import type { RuleCase } from './cases.js';
import { CONTAINERD_UNIT_NO_DELEGATE, cgroupfsNode, systemdNode } from './nodes.js';

// cgroupfsNode: kubelet and containerd agree on the cgroupfs driver, so containerd manages its cgroups itself.

export const fires: RuleCase[] = [
  {
    name: 'an old distribution package of containerd whose unit lacks Delegate=yes, on the cgroupfs driver',
    node: cgroupfsNode().file('lib/systemd/system/containerd.service', CONTAINERD_UNIT_NO_DELEGATE),
    layout: 'v1',
    findings: [
      {
        rule: 'CG016',
        severity: 'warning',
        subject: 'containerd.service',
        evidence: [
          { path: 'lib/systemd/system/containerd.service', match: 'no Delegate= line' },
          { path: 'etc/containerd/config.toml', match: 'SystemdCgroup = false' },
        ],
      },
    ],
  },
];

export const nearMisses: RuleCase[] = [
  {
    name: 'the same unit without Delegate=, fixed by a drop-in that sets Delegate=yes',
    node: cgroupfsNode()
      .file('lib/systemd/system/containerd.service', CONTAINERD_UNIT_NO_DELEGATE)
      .file('etc/systemd/system/containerd.service.d/10-delegate.conf', '[Service]\nDelegate=yes\n'),
    layout: 'v1',
    findings: [],
  },
  {
    name: 'a unit without Delegate= for a containerd on the systemd driver: containers live in scopes of their own, nothing to delegate',
    node: systemdNode().file('lib/systemd/system/containerd.service', CONTAINERD_UNIT_NO_DELEGATE),
    layout: 'v1',
    findings: [],
  },
];
