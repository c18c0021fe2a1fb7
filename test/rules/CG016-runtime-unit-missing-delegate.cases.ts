import type { RuleCase } from './cases.js';
import { CONTAINERD_UNIT_NO_DELEGATE, systemdNode } from './nodes.js';

export const fires: RuleCase[] = [
  {
    name: 'an old distribution package of containerd whose unit lacks Delegate=yes',
    node: systemdNode().file('lib/systemd/system/containerd.service', CONTAINERD_UNIT_NO_DELEGATE),
    layout: 'v1',
    findings: [{ rule: 'CG016', severity: 'warning', subject: 'containerd.service', evidence: [{ path: 'lib/systemd/system/containerd.service', match: 'no Delegate= line' }] }],
  },
];

export const nearMisses: RuleCase[] = [
  {
    name: 'the same unit without Delegate=, fixed by a drop-in that sets Delegate=yes',
    node: systemdNode()
      .file('lib/systemd/system/containerd.service', CONTAINERD_UNIT_NO_DELEGATE)
      .file('etc/systemd/system/containerd.service.d/10-delegate.conf', '[Service]\nDelegate=yes\n'),
    layout: 'v1',
    findings: [],
  },
];
