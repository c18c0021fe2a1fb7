import { FactStore } from '../../src/collect/index.js';
import { evaluate } from '../../src/engine.js';
import type { AnyRule } from '../../src/rules/define.js';
import { MemHost, type MemNode } from '../../src/host/mem-host.js';

export type Tree = Record<string, MemNode>;

const H = ['systemd|name=systemd', 'cpu,cpuacct|cpu,cpuacct', 'cpuset|cpuset', 'memory|memory', 'pids|pids', 'hugetlb|hugetlb'];

/** A tiny systemd v1 node: mounts, pid 1, the hierarchy roots. Rule tests add what they need. */
export function v1Node(extra: Tree = {}): Tree {
  const mountinfo = H.map((h, i) => {
    const [dir, opts] = h.split('|');
    return `${30 + i} 25 0:${30 + i} / /sys/fs/cgroup/${dir} rw,nosuid - cgroup cgroup rw,${opts}`;
  });
  const t: Tree = {
    'proc/self/mountinfo': `${mountinfo.join('\n')}\n`,
    'proc/1/comm': 'systemd\n',
    'proc/1/cgroup': '6:name=systemd:/init.scope\n5:cpu,cpuacct:/\n4:cpuset:/\n3:memory:/\n2:pids:/\n1:hugetlb:/\n',
    'sys/fs/cgroup/cpuset/cpuset.cpus': '0-3\n',
    'sys/fs/cgroup/cpuset/cpuset.mems': '0\n',
  };
  for (const h of H) t[`sys/fs/cgroup/${h.split('|')[0]}/cgroup.procs`] = '1\n';
  return { ...t, ...extra };
}

/** cgroup.procs in each named hierarchy dir, to make a cgroup exist there. */
export function cgroupIn(dirs: string[], path: string, procs = ''): Tree {
  return Object.fromEntries(dirs.map((d) => [`sys/fs/cgroup/${d}${path}/cgroup.procs`, procs]));
}

export const ALL_DIRS = H.map((h) => h.split('|')[0]!);

/** A running kubelet with these args, in /system.slice/kubelet.service. */
export function kubelet(args: string[], pid = 100): Tree {
  return {
    [`proc/${pid}/comm`]: 'kubelet\n',
    [`proc/${pid}/cmdline`]: `${['/usr/bin/kubelet', ...args].join('\0')}\0`,
    [`proc/${pid}/cgroup`]:
      '6:name=systemd:/system.slice/kubelet.service\n5:cpu,cpuacct:/system.slice/kubelet.service\n4:cpuset:/\n3:memory:/system.slice/kubelet.service\n2:pids:/system.slice/kubelet.service\n1:hugetlb:/\n',
  };
}

export function containerd(pid = 200, cgroup = '/system.slice/containerd.service'): Tree {
  return {
    [`proc/${pid}/comm`]: 'containerd\n',
    [`proc/${pid}/cmdline`]: '/usr/bin/containerd\0',
    [`proc/${pid}/cgroup`]: `6:name=systemd:${cgroup}\n5:cpu,cpuacct:${cgroup}\n4:cpuset:/\n3:memory:${cgroup}\n2:pids:${cgroup}\n1:hugetlb:/\n`,
  };
}

/** Runs one rule on a tree: its findings (rule, subject, severity), or its skip reason. */
export function run(rule: AnyRule, tree: Tree) {
  const ev = evaluate([rule], new FactStore(new MemHost(tree)));
  if (ev.skipped.length > 0) return { skipped: ev.skipped[0]!.reason };
  return ev.findings.map((f) => ({ subject: f.subject, severity: f.severity, message: f.message, evidence: f.evidence }));
}

export function subjects(rule: AnyRule, tree: Tree): string[] | { skipped: string } {
  const r = run(rule, tree);
  return Array.isArray(r) ? r.map((f) => f.subject) : r;
}
