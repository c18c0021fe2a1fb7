import { defineRule } from './define.js';
import type { RawFinding } from './define.js';
import { mountKeys } from '../collect/mounts.js';

/** What kubeadm's SystemVerification requires on v1. */
const V1_REQUIRED = ['cpu', 'cpuacct', 'cpuset', 'memory', 'pids', 'devices', 'freezer'];
const V2_REQUIRED = ['cpu', 'cpuset', 'memory', 'pids'];
const V2_WANTED = ['io', 'hugetlb'];

const FIX = 'Kernel command line: drop `cgroup_disable=memory`, add `cgroup_enable=memory cgroup_memory=1` (Raspberry Pi), and reboot.';

export default defineRule({
  id: 'CG014',
  name: 'required-controller-missing',
  severity: 'error',
  needs: ['mounts'],
  wants: ['procCgroups', 'unified'],
  docs: {
    title: 'A controller Kubernetes requires is disabled, absent or not mounted',
    checks:
      'v1 and hybrid: cpu, cpuacct, cpuset, memory, pids, devices and freezer must be listed and enabled in /proc/cgroups and mounted. v2: cpu, cpuset, memory and pids must be in the root cgroup.controllers (io and hugetlb missing is a warning).',
    why: 'kubeadm refuses to join the node and kubelet cannot enforce limits without them. The usual cause is a kernel command line that disables a controller (cgroup_disable=memory, the default on Raspberry Pi OS).',
    symptoms: ['[ERROR SystemVerification]: missing required cgroups: memory', 'Following Cgroup subsystem not mounted: [memory]'],
    fix: FIX,
    refs: ['https://github.com/kubernetes/system-validators', 'https://kubernetes.io/docs/setup/production-environment/tools/kubeadm/install-kubeadm/'],
  },
  check({ mounts, procCgroups, unified }) {
    const out: RawFinding[] = [];
    if (mounts.layout === 'v2') {
      if (!unified) return { skip: 'the root cgroup.controllers of the unified tree could not be read' };
      const have = new Set(unified.root.controllers);
      for (const c of [...V2_REQUIRED, ...V2_WANTED]) {
        if (have.has(c)) continue;
        out.push({
          subject: c,
          message: `${c} is not in the root cgroup.controllers (${unified.root.controllers.join(' ') || 'empty'})${V2_WANTED.includes(c) ? '' : ': kubelet cannot enforce pod limits'}`,
          evidence: [{ path: `${unified.root.dir}/cgroup.controllers`, line: 1, excerpt: unified.root.controllers.join(' ') }],
          remediation: FIX,
          ...(V2_WANTED.includes(c) ? { severity: 'warning' as const } : {}),
        });
      }
      return out;
    }
    if (mounts.layout === 'unknown') return { skip: 'no cgroup filesystem is mounted' };
    const mounted = new Set(mounts.cgroupMounts.filter((m) => m.fstype === 'cgroup').flatMap(mountKeys));
    for (const c of V1_REQUIRED) {
      const row = procCgroups?.controllers.find((x) => x.name === c);
      const evidence = row ? [{ path: procCgroups!.path, line: row.line, excerpt: `${row.name} ${row.hierarchy} ${row.numCgroups} ${row.enabled ? 1 : 0}` }] : [];
      let problem: string | undefined;
      if (procCgroups && !row) problem = `${c} is not in ${procCgroups.path}: the kernel was built without it`;
      else if (row && !row.enabled) problem = `${c} is disabled (enabled 0 in ${procCgroups!.path}), usually by cgroup_disable=${c} on the kernel command line`;
      else if (!mounted.has(c)) problem = `${c} has no cgroup mount in ${mounts.path}`;
      if (problem) out.push({ subject: c, message: `${problem}: kubeadm reports "missing required cgroups: ${c}"`, evidence, remediation: FIX });
    }
    return out;
  },
});
