import type { RuleCase } from './cases.js';
import { NodeTree, REMOTE, V1, containerdConfig, containerdRuntime, kernel, kubeadmKubelet, managerStates, systemdInit, systemdNode } from './nodes.js';

/** A node that mounts cpu and cpuacct as two hierarchies, as some older distributions did. */
function cpuApartFromCpuacct(): NodeTree {
  const v1 = [
    ...V1.filter((h) => h.key !== 'cpu,cpuacct'),
    { id: 12, dir: 'cpu', key: 'cpu', opts: 'cpu', list: 'cpu' },
    { id: 13, dir: 'cpuacct', key: 'cpuacct', opts: 'cpuacct', list: 'cpuacct' },
  ];
  const t = new NodeTree({ layout: 'v1', driver: 'systemd', v1 });
  systemdInit(t);
  kernel(t);
  managerStates(t);
  containerdRuntime(t, { config: containerdConfig({ version: 2, systemdCgroup: true }) });
  kubeadmKubelet(t, { config: { cgroupDriver: 'systemd' }, kubeadmArgs: REMOTE });
  return t.pods();
}

export const fires: RuleCase[] = [
  {
    name: 'cpuset is mounted again at /dev/cpuset (by an old init script), besides /sys/fs/cgroup/cpuset (kubernetes#95488)',
    node: systemdNode().mountLine('4300 25 0:31 / /dev/cpuset rw,relatime shared:450 - cgroup cgroup rw,cpuset'),
    layout: 'v1',
    findings: [
      {
        rule: 'CG017',
        severity: 'warning',
        subject: 'cpuset',
        evidence: [
          { path: 'proc/1/mountinfo', match: '/sys/fs/cgroup/cpuset (root /)' },
          { path: 'proc/1/mountinfo', match: '/dev/cpuset (root /)' },
        ],
      },
    ],
  },
];

export const nearMisses: RuleCase[] = [
  {
    name: 'cpu and cpuacct mounted as separate hierarchies at /sys/fs/cgroup/cpu and /sys/fs/cgroup/cpuacct: two controllers, each mounted once',
    node: cpuApartFromCpuacct(),
    layout: 'v1',
    findings: [],
  },
];
