import type { RuleCase } from './cases.js';
import { SYSTEMD_MANAGED, systemdNode, v2Node } from './nodes.js';

const DROPIN = 'etc/systemd/system/containerd.service.d/10-cgroups.conf';

/*
 * kind's node image, images/base/files/etc/systemd/system/kubelet.service.d/11-kind.conf
 * (https://github.com/kubernetes-sigs/kind/blob/main/images/base/files/etc/systemd/system/kubelet.service.d/11-kind.conf),
 * verbatim. The first line runs a script on cgroup v2 and makes nothing itself; the second runs
 * only where there is no unified tree, and makes systemd's /kubelet cgroup when it is missing.
 */
const KIND_DROPIN = 'etc/systemd/system/kubelet.service.d/11-kind.conf';
const KIND = `# kind specific additions go in this file
[Service]
# On cgroup v1, the /kubelet cgroup is created in the entrypoint script before running systemd.
# On cgroup v2, the /kubelet cgroup is created here. (See the comments in the entrypoint script for the reason.)
ExecStartPre=/bin/sh -euc "if [ -f /sys/fs/cgroup/cgroup.controllers ]; then /kind/bin/create-kubelet-cgroup-v2.sh; fi"
# on WSL2 (and potentially other distros without systemd) /sys/fs/cgroup/systemd is created after the entrypoint, during /sbin/init.
# This eventually leads to kubelet failing to start, see: https://github.com/kubernetes-sigs/kind/issues/2323
ExecStartPre=/bin/sh -euc "if [ ! -f /sys/fs/cgroup/cgroup.controllers ] && [ ! -d /sys/fs/cgroup/systemd/kubelet ]; then mkdir -p /sys/fs/cgroup/systemd/kubelet; fi"
`;

/*
 * The kubelet drop-in lework/kainstall writes (kainstall-centos.sh, kainstall-debian.sh:
 * https://github.com/lework/kainstall/blob/master/kainstall-debian.sh), verbatim.
 */
const KAINSTALL_DROPIN = 'usr/lib/systemd/system/kubelet.service.d/11-cgroup.conf';
const KAINSTALL = `[Service]
CPUAccounting=true
MemoryAccounting=true
BlockIOAccounting=true
ExecStartPre=/bin/bash -c '/bin/mkdir -p /sys/fs/cgroup/{cpuset,memory,hugetlb,systemd,pids,"cpu,cpuacct"}/{system,kube,kubepods}.slice||:'
Slice=kube.slice
`;

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
  {
    // On v1 the second line's test of cgroup.controllers lets it through, and its test of the
    // directory it makes is no guard: it makes the cgroup whenever it is missing (after the
    // fact, the tree cannot say whether this boot's came from kind's entrypoint or this line).
    name: "kind's kubelet drop-in on a cgroup v1 host: the second ExecStartPre= makes /sys/fs/cgroup/systemd/kubelet, in systemd's named hierarchy, when it is missing; the first makes nothing itself",
    node: systemdNode()
      .file(KIND_DROPIN, KIND)
      .cgroup('/kubelet', { in: ['name=systemd'] }),
    layout: 'v1',
    findings: [
      {
        rule: 'CG002',
        severity: 'warning',
        subject: 'kubelet.service',
        evidence: [{ path: KIND_DROPIN, match: '&& [ ! -d /sys/fs/cgroup/systemd/kubelet ]; then mkdir -p /sys/fs/cgroup/systemd/kubelet; fi' }],
      },
    ],
  },
  {
    name: 'lework/kainstall\'s kubelet drop-in: bash expands {cpuset,memory,hugetlb,systemd,pids,"cpu,cpuacct"}/{system,kube,kubepods}.slice into 18 directories, cpuset ones among them',
    node: systemdNode().file(KAINSTALL_DROPIN, KAINSTALL),
    layout: 'v1',
    findings: [
      {
        rule: 'CG002',
        severity: 'warning',
        subject: 'kubelet.service',
        evidence: [{ path: KAINSTALL_DROPIN, match: "ExecStartPre=/bin/bash -c '/bin/mkdir -p /sys/fs/cgroup/{cpuset," }],
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
  {
    name: "kind's kubelet drop-in on a cgroup v2 node: the first line's branch runs a script and makes nothing itself, the second line's branch is not taken (cgroup.controllers exists)",
    node: v2Node().file(KIND_DROPIN, KIND),
    layout: 'v2',
    findings: [],
  },
  {
    name: 'cgroup v2: a containerd drop-in makes its v1 cpuset cgroup only where there is no unified tree ([ -f /sys/fs/cgroup/cgroup.controllers ] || mkdir ...), so here it makes nothing',
    node: v2Node().file(
      DROPIN,
      "[Service]\nExecStartPre=/bin/sh -c '[ -f /sys/fs/cgroup/cgroup.controllers ] || mkdir -p /sys/fs/cgroup/cpuset/system.slice/containerd.service'\n",
    ),
    layout: 'v2',
    findings: [],
  },
];
