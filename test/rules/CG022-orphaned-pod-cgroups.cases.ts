import type { RuleCase } from './cases.js';
import { CID_B, POD_C, systemdNode } from './nodes.js';

const POD_C_SLICE = `/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${POD_C.replaceAll('-', '_')}.slice`;

export const fires: RuleCase[] = [
  {
    name: 'a besteffort pod cgroup, with a process still in it, whose pod directory kubelet has already removed',
    node: systemdNode()
      .cgroup(POD_C_SLICE)
      .cgroup(`${POD_C_SLICE}/cri-containerd-${CID_B.replace(/^f/, 'a')}.scope`, { procs: [9001] }),
    layout: 'v1',
    findings: [
      {
        rule: 'CG022',
        severity: 'warning',
        subject: '/kubepods.slice/kubepods-besteffort.slice',
        evidence: [{ path: `sys/fs/cgroup/systemd${POD_C_SLICE}`, match: `no var/lib/kubelet/pods/${POD_C}` }],
      },
    ],
  },
];

export const nearMisses: RuleCase[] = [
  {
    name: 'every pod cgroup has its pod directory; one pod directory has no cgroup (a terminated pod whose volumes are still being cleaned), which is fine',
    node: systemdNode().file(`var/lib/kubelet/pods/${POD_C}/etc-hosts`, '127.0.0.1\tlocalhost\n'),
    layout: 'v1',
    findings: [],
  },
];
