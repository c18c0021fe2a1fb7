import type { RuleCase } from './cases.js';
import { systemdNode, v2Node } from './nodes.js';

const DROPIN = 'etc/systemd/system/kubelet.service.d/20-binary.conf';

// Every v1 node gets CG018 as a warning (see cases.ts); these are the cases where it is fatal.
export const fires: RuleCase[] = [
  {
    name: 'a v1 node whose kubelet config sets failCgroupV1: true: kubelet refuses to start',
    node: systemdNode({ kubelet: { config: { failCgroupV1: true } } }),
    layout: 'v1',
    findings: [
      {
        rule: 'CG018',
        severity: 'error',
        subject: 'v1',
        evidence: [
          { path: 'var/lib/kubelet/config.yaml', match: 'failCgroupV1: true' },
          { path: 'proc/1/mountinfo', match: 'layout v1' },
        ],
      },
    ],
  },
  {
    name: 'a v1 node running kubelet 1.35 (from the versioned binary path in a drop-in) without failCgroupV1: false: fatal from 1.35',
    node: systemdNode({ kubelet: { running: false } }).file(
      DROPIN,
      '[Service]\nExecStart=\nExecStart=/opt/kubernetes/v1.35.0/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS\n',
    ),
    layout: 'v1',
    findings: [
      {
        rule: 'CG018',
        severity: 'error',
        subject: 'v1',
        evidence: [
          { path: DROPIN, match: 'kubelet 1.35.0' },
          { path: 'proc/1/mountinfo', match: 'layout v1' },
        ],
      },
    ],
    // kubelet is not running, so there are no QoS cgroups to look for.
    skipped: ['CG012'],
  },
];

export const nearMisses: RuleCase[] = [
  {
    name: 'failCgroupV1: true on a cgroup v2 node: nothing to refuse',
    node: v2Node({ kubelet: { failCgroupV1: true } }),
    layout: 'v2',
    findings: [],
  },
];
