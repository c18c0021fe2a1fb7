import type { RuleCase } from './cases.js';
import { POD_C, v2Node } from './nodes.js';

const BESTEFFORT = '/kubepods.slice/kubepods-besteffort.slice';
const POD_C_SLICE = `${BESTEFFORT}/kubepods-besteffort-pod${POD_C.replaceAll('-', '_')}.slice`;

export const fires: RuleCase[] = [
  {
    name: 'cgroup v2: kubepods.slice does not enable cpuset for its children (its cgroup.subtree_control is "cpu io memory hugetlb pids")',
    node: v2Node().cgroup('/kubepods.slice', { subtree: 'cpu io memory hugetlb pids' }),
    layout: 'v2',
    findings: [
      {
        rule: 'CG015',
        severity: 'error',
        subject: '/kubepods.slice',
        evidence: [{ path: 'sys/fs/cgroup/kubepods.slice/cgroup.subtree_control', match: /^cpu io memory hugetlb pids$/ }],
      },
    ],
  },
  {
    name: 'cgroup v2: a besteffort pod runs, and kubepods-besteffort.slice above it enables "cpu io memory pids" only: the pod gets no cpuset',
    node: v2Node()
      .file(`var/lib/kubelet/pods/${POD_C}/etc-hosts`, '127.0.0.1\tlocalhost\n')
      .cgroup(BESTEFFORT, { subtree: 'cpu io memory pids' })
      .cgroup(POD_C_SLICE)
      .cgroup(`${POD_C_SLICE}/cri-containerd-${'c'.repeat(64)}.scope`, { procs: [4200] }),
    layout: 'v2',
    findings: [
      {
        rule: 'CG015',
        severity: 'error',
        subject: BESTEFFORT,
        evidence: [{ path: `sys/fs/cgroup${BESTEFFORT}/cgroup.subtree_control`, match: /^cpu io memory pids$/ }],
      },
    ],
  },
];

export const nearMisses: RuleCase[] = [
  {
    name: 'cgroup v2: every cgroup on the pods path delegates; a service outside it enables nothing and is threaded, which is its own business',
    node: v2Node().cgroup('/system.slice/app.service', { in: ['unified'], subtree: '', type: 'threaded' }),
    layout: 'v2',
    findings: [],
  },
  {
    name: 'cgroup v2 as a healthy node has it: no besteffort pod, so kubepods-besteffort.slice has an empty cgroup.subtree_control (nothing below it asked for controllers)',
    node: v2Node().cgroup(BESTEFFORT, { subtree: '' }),
    layout: 'v2',
    findings: [],
  },
  {
    name: 'cgroup v2, kubelet stopped on a drained node: no pod cgroups left, and kubepods.slice enables nothing until kubelet starts again',
    node: v2Node({ running: false, pods: false }).cgroup('/kubepods.slice', { subtree: '' }).cgroup('/kubepods.slice/kubepods-burstable.slice').cgroup(BESTEFFORT),
    layout: 'v2',
    findings: [],
    // No kubelet process to expect QoS cgroups of, and no pods directory in the tree.
    skipped: ['CG012', 'CG022'],
  },
];
