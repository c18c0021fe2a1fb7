import type { RuleCase } from './cases.js';
import { SYSTEMD_MANAGED, systemdNode } from './nodes.js';

const DROPIN = 'etc/systemd/system/containerd.service.d/10-cgroups.conf';

export const fires: RuleCase[] = [
  {
    name: 'a containerd drop-in mkdirs its own cgroups in the memory and hugetlb hierarchies before start, one plainly and one through sh -c',
    node: systemdNode()
      .file(
        DROPIN,
        '[Service]\nExecStartPre=/bin/mkdir -p /sys/fs/cgroup/memory/system.slice/containerd.service\nExecStartPre=/bin/sh -c "mkdir -p /sys/fs/cgroup/hugetlb/system.slice/containerd.service"\n',
      )
      .cgroup('/system.slice', { in: [...SYSTEMD_MANAGED, 'hugetlb'] })
      .cgroup('/system.slice/containerd.service', { in: [...SYSTEMD_MANAGED, 'hugetlb'] }),
    layout: 'v1',
    findings: [
      {
        rule: 'CG002',
        severity: 'warning',
        subject: 'containerd.service',
        evidence: [
          { path: DROPIN, match: 'ExecStartPre=/bin/mkdir -p /sys/fs/cgroup/memory/' },
          { path: DROPIN, match: 'ExecStartPre=/bin/sh -c "mkdir -p /sys/fs/cgroup/hugetlb/' },
        ],
      },
    ],
  },
];

export const nearMisses: RuleCase[] = [
  {
    name: 'ExecStartPre lines that look alike but create no cgroup: mkdir of a kubelet directory, a commented-out cgroup mkdir, and a cgroup mkdir in a unit that is not kubelet or a runtime',
    node: systemdNode()
      .file(
        'etc/systemd/system/kubelet.service.d/20-prep.conf',
        '[Service]\nExecStartPre=/bin/mkdir -p /var/lib/kubelet/pki\n#ExecStartPre=/bin/mkdir -p /sys/fs/cgroup/cpuset/system.slice/kubelet.service\nExecStartPre=-/sbin/swapoff -a\n',
      )
      .file('etc/systemd/system/cgroup-setup.service', '[Service]\nType=oneshot\nExecStartPre=/bin/mkdir -p /sys/fs/cgroup/cpuset/batch\nExecStart=/bin/true\n'),
    layout: 'v1',
    findings: [],
  },
];
