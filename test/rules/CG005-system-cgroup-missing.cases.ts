import type { RuleCase } from './cases.js';
import { V1_KEYS, systemdNode } from './nodes.js';

export const fires: RuleCase[] = [
  {
    name: 'kubeReservedCgroup /kube.slice is enforced (enforceNodeAllocatable: kube-reserved) but no such slice exists; kubelet crash-loops and is not running',
    node: systemdNode({ kubelet: { config: { kubeReservedCgroup: '/kube.slice', enforceNodeAllocatable: ['pods', 'kube-reserved'] }, running: false } }),
    layout: 'v1',
    findings: [
      {
        rule: 'CG005',
        severity: 'error',
        subject: '/kube.slice',
        evidence: [
          { path: 'var/lib/kubelet/config.yaml', match: 'kubeReservedCgroup: "/kube.slice"' },
          { path: 'sys/fs/cgroup/cpu,cpuacct/kube.slice', match: 'directory does not exist' },
          { path: 'sys/fs/cgroup/cpuset/kube.slice', match: 'directory does not exist' },
          { path: 'sys/fs/cgroup/hugetlb/kube.slice', match: 'directory does not exist' },
        ],
      },
    ],
    // kubelet is not running, so there are no QoS cgroups to look for.
    skipped: ['CG012'],
  },
  {
    // pkg/kubelet/cm: the value goes through ParseSystemdToCgroupName, then ToSystemd.
    name: 'systemd driver: kubeReservedCgroup /runtime is enforced and a /runtime cgroup made by hand exists in every hierarchy, but kubelet enforces it on /runtime.slice, which does not exist; kubelet crash-loops',
    node: systemdNode({ kubelet: { config: { kubeReservedCgroup: '/runtime', enforceNodeAllocatable: ['pods', 'kube-reserved'] }, running: false } }).cgroup('/runtime', {
      in: V1_KEYS,
    }),
    layout: 'v1',
    findings: [
      {
        rule: 'CG005',
        severity: 'error',
        subject: '/runtime.slice',
        evidence: [
          { path: 'var/lib/kubelet/config.yaml', match: 'kubeReservedCgroup: "/runtime"' },
          { path: 'sys/fs/cgroup/cpu,cpuacct/runtime.slice', match: 'directory does not exist' },
          { path: 'sys/fs/cgroup/cpuset/runtime.slice', match: 'directory does not exist' },
          { path: 'sys/fs/cgroup/hugetlb/runtime.slice', match: 'directory does not exist' },
        ],
      },
    ],
    skipped: ['CG012'],
  },
  {
    name: 'kubeReservedCgroup /kube.slice is set but not enforced (enforceNodeAllocatable is only pods) and no such slice exists: kubelet does not use it, so info',
    node: systemdNode({ kubelet: { config: { kubeReservedCgroup: '/kube.slice' } } }),
    layout: 'v1',
    findings: [
      {
        rule: 'CG005',
        severity: 'info',
        subject: '/kube.slice',
        evidence: [
          { path: 'var/lib/kubelet/config.yaml', match: 'kubeReservedCgroup: "/kube.slice"' },
          { path: 'sys/fs/cgroup/cpu,cpuacct/kube.slice' },
          { path: 'sys/fs/cgroup/cpuset/kube.slice' },
          { path: 'sys/fs/cgroup/hugetlb/kube.slice' },
        ],
      },
    ],
  },
];

export const nearMisses: RuleCase[] = [
  {
    name: 'systemReservedCgroup /system.slice is enforced and exists in every hierarchy kubelet checks; kubeletCgroups exists only where systemd manages it (not in cpuset), which is fine when not enforced',
    node: systemdNode({
      kubelet: { config: { kubeletCgroups: '/system.slice/kubelet.service', systemReservedCgroup: '/system.slice', enforceNodeAllocatable: ['pods', 'system-reserved'] } },
    }).cgroup('/system.slice', { in: V1_KEYS }),
    layout: 'v1',
    findings: [],
  },
  {
    name: 'systemd driver: kubeReservedCgroup /runtime is enforced and the runtime.slice slice exists in every hierarchy, which is where kubelet enforces it; no /runtime cgroup exists, nor need it',
    node: systemdNode({ kubelet: { config: { kubeReservedCgroup: '/runtime', enforceNodeAllocatable: ['pods', 'kube-reserved'] } } }).cgroup('/runtime.slice', { in: V1_KEYS }),
    layout: 'v1',
    findings: [],
  },
];
