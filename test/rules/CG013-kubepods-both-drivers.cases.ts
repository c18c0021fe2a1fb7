import type { RuleCase } from './cases.js';
import { CID_A, POD_C, systemdNode } from './nodes.js';

export const fires: RuleCase[] = [
  {
    name: 'the node moved from the cgroupfs to the systemd driver without a drain: the old /kubepods tree, a pod still running in it, sits beside /kubepods.slice',
    node: systemdNode()
      .cgroup('/kubepods')
      .cgroup('/kubepods/besteffort')
      .cgroup(`/kubepods/besteffort/pod${POD_C}`)
      .cgroup(`/kubepods/besteffort/pod${POD_C}/${CID_A.replace(/^3/, '9')}`, { procs: [8811] }),
    layout: 'v1',
    findings: [
      {
        rule: 'CG013',
        severity: 'warning',
        subject: '/',
        evidence: [
          { path: 'sys/fs/cgroup/blkio/kubepods', match: 'cgroupfs-driver pods root' },
          { path: 'sys/fs/cgroup/blkio/kubepods.slice', match: 'systemd-driver pods root' },
        ],
      },
    ],
  },
];

export const nearMisses: RuleCase[] = [
  {
    name: 'only kubepods.slice at the hierarchy roots; a directory named kubepods deeper down (under a service) is not a pods root',
    node: systemdNode().cgroup('/system.slice/containerd.service/kubepods', { in: ['name=systemd', 'memory'] }),
    layout: 'v1',
    findings: [],
  },
];
