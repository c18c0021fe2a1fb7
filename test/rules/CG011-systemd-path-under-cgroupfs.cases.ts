import type { RuleCase } from './cases.js';
import { CID_A, POD_A, V1_KEYS, systemdNode } from './nodes.js';

const TRIPLET = `kubepods-burstable-pod${POD_A.replaceAll('-', '_')}.slice:cri-containerd:${CID_A}`;

export const fires: RuleCase[] = [
  {
    name: 'containers started while runc was on the cgroupfs driver and kubelet on systemd still run in "slice:prefix:id" directories at the hierarchy roots (the runtime has since been fixed)',
    node: systemdNode().cgroup(`/${TRIPLET}`, { in: V1_KEYS, procs: [7001] }),
    layout: 'v1',
    findings: [{ rule: 'CG011', severity: 'error', subject: '/', evidence: [{ path: `sys/fs/cgroup/blkio/${TRIPLET}`, match: 'in 11 hierarchies' }] }],
  },
];

export const nearMisses: RuleCase[] = [
  {
    name: 'proper systemd scopes under kubepods.slice, a cgroup with a colon in its name that is not a triplet, and a slice name without colons',
    node: systemdNode()
      .cgroup('/backup:nightly', { in: ['name=systemd', 'memory'] })
      .cgroup('/machine.slice', { in: ['name=systemd', 'memory'] }),
    layout: 'v1',
    findings: [],
  },
];
