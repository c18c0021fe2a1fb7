import { defineRule } from './define.js';
import type { RawFinding } from './define.js';

/** What kubeadm's system validation and moby's check-config.sh require. */
const REQUIRED = ['CGROUPS', 'CGROUP_CPUACCT', 'CGROUP_DEVICE', 'CGROUP_FREEZER', 'CGROUP_PIDS', 'CGROUP_SCHED', 'CPUSETS', 'MEMCG', 'FAIR_GROUP_SCHED', 'CFS_BANDWIDTH'];
const REQUIRED_V2 = ['CGROUP_BPF'];
const WANTED: Record<string, string> = {
  CGROUP_HUGETLB: 'hugepage limits',
  BLK_CGROUP: 'block I/O control',
  BLK_DEV_THROTTLING: 'block I/O throttling',
  MEMCG_SWAP: 'swap accounting',
  CGROUP_PERF: 'the perf_event controller',
  CGROUP_NET_PRIO: 'the net_prio controller',
  NET_CLS_CGROUP: 'the net_cls controller',
};

/** Linux 6.1 folded MEMCG_SWAP into MEMCG plus SWAP (as moby's check-config.sh notes). */
function atLeast61(release: string | undefined): boolean {
  const m = /^(\d+)\.(\d+)/.exec(release ?? '');
  return !!m && (Number(m[1]) > 6 || (Number(m[1]) === 6 && Number(m[2]) >= 1));
}

export default defineRule({
  id: 'CG029',
  name: 'kernel-cgroup-config-missing',
  severity: 'error',
  needs: ['kernelConfig'],
  wants: ['mounts'],
  docs: {
    title: 'The kernel was built without a cgroup option Kubernetes needs',
    checks:
      'The kernel config (proc/config.gz, else boot/config-<release>, else usr/lib/modules/<release>/config as Fedora CoreOS and RHCOS ship it): CGROUPS, CGROUP_CPUACCT, CGROUP_DEVICE, CGROUP_FREEZER, CGROUP_PIDS, CGROUP_SCHED, CPUSETS, MEMCG, FAIR_GROUP_SCHED, CFS_BANDWIDTH, and CGROUP_BPF on v2, must be y or m; CGROUP_HUGETLB, BLK_CGROUP, BLK_DEV_THROTTLING, MEMCG_SWAP, CGROUP_PERF, CGROUP_NET_PRIO and NET_CLS_CGROUP missing is a warning. Skipped when none of the files exists.',
    why: 'A controller the kernel lacks cannot be mounted or enabled at all: kubeadm stops at its preflight check, and limits that need it (CPU quota, pids, device filtering on v2) silently do nothing.',
    symptoms: ['[ERROR SystemVerification]: CONFIG_...: not set', 'missing required cgroups'],
    fix: "Use a kernel built with those options (the same list kubeadm and moby's check-config.sh verify).",
    refs: [
      'https://github.com/kubernetes/system-validators/blob/master/validators/types_unix.go',
      'https://github.com/kubernetes/system-validators/blob/master/validators/kernel_validator.go',
      'https://github.com/moby/moby/blob/master/contrib/check-config.sh',
    ],
  },
  check({ kernelConfig, mounts }) {
    const set = (o: string) => ['y', 'm'].includes(kernelConfig.options.get(o) ?? '');
    const has = (o: string) => set(o) || (o === 'MEMCG_SWAP' && set('MEMCG') && set('SWAP') && (atLeast61(kernelConfig.release) || !kernelConfig.options.has('MEMCG_SWAP')));
    const required = [...REQUIRED, ...(mounts?.layout === 'v2' ? REQUIRED_V2 : [])];
    const out: RawFinding[] = [];
    const missingReq = required.filter((o) => !has(o));
    const missingOpt = Object.keys(WANTED).filter((o) => !has(o));
    const where = `${kernelConfig.path}${kernelConfig.release ? ` (kernel ${kernelConfig.release})` : ''}`;
    if (missingReq.length > 0) {
      out.push({
        subject: kernelConfig.path,
        message: `${where} lacks ${missingReq.map((o) => `CONFIG_${o}`).join(', ')}: kubeadm preflight fails with "CONFIG_...: not set" and the controllers they provide do not exist`,
        evidence: missingReq.map((o) => ({ path: kernelConfig.path, excerpt: `CONFIG_${o} ${kernelConfig.options.get(o) === 'n' ? 'is not set' : 'absent'}` })),
      });
    }
    if (missingOpt.length > 0) {
      out.push({
        subject: kernelConfig.path,
        message: `${where} lacks the optional ${missingOpt.map((o) => `CONFIG_${o} (${WANTED[o]})`).join(', ')}`,
        evidence: missingOpt.map((o) => ({ path: kernelConfig.path, excerpt: `CONFIG_${o} ${kernelConfig.options.get(o) === 'n' ? 'is not set' : 'absent'}` })),
        severity: 'warning',
      });
    }
    return out;
  },
});
