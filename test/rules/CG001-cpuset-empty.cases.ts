import type { RuleCase } from './cases.js';
import { POD_A_SLICE, systemdNode, v2Node } from './nodes.js';

export const fires: RuleCase[] = [
  {
    name: 'a CPU-pinning agent emptied the cpuset.cpus and cpuset.mems of a burstable pod: under the pods root, so kubelet and cAdvisor use it',
    node: systemdNode().cgroup(POD_A_SLICE, { cpus: '', mems: '' }),
    layout: 'v1',
    findings: [
      {
        rule: 'CG001',
        severity: 'error',
        subject: POD_A_SLICE,
        evidence: [
          { path: `sys/fs/cgroup/cpuset${POD_A_SLICE}/cpuset.cpus`, match: /^$/ },
          { path: `sys/fs/cgroup/cpuset${POD_A_SLICE}/cpuset.mems`, match: /^$/ },
        ],
      },
    ],
  },
  {
    name: 'cgroup v2: the besteffort QoS cgroup has an empty cpuset.cpus.effective (its cpuset partition became invalid), so its pods have no CPU to run on',
    node: v2Node().cgroup('/kubepods.slice/kubepods-besteffort.slice', { cpusEffective: '' }),
    layout: 'v2',
    findings: [
      {
        rule: 'CG001',
        severity: 'error',
        subject: '/kubepods.slice/kubepods-besteffort.slice',
        evidence: [{ path: 'sys/fs/cgroup/kubepods.slice/kubepods-besteffort.slice/cpuset.cpus.effective', match: /^$/ }],
      },
    ],
  },
];

export const nearMisses: RuleCase[] = [
  {
    name: 'an empty cpuset directory nobody uses (/machine.slice/libvirt-test: no processes, not a kubelet or runtime cgroup, not under the pods root)',
    node: systemdNode()
      .cgroup('/machine.slice', { in: ['cpuset'], cpus: '0-3' })
      .cgroup('/machine.slice/libvirt-test', { in: ['cpuset'], cpus: '', mems: '' }),
    layout: 'v1',
    findings: [],
  },
  {
    name: 'cgroup v2: cpuset.cpus is empty everywhere below the root, which is normal (it inherits), and every cpuset.cpus.effective is set',
    node: v2Node(),
    layout: 'v2',
    findings: [],
  },
];
