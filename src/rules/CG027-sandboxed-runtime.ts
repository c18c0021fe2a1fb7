import { defineRule } from './define.js';
import { knownDriver } from '../collect/runtime.js';
import type { Evidence } from './define.js';
import { listSome } from './helpers.js';

const SANDBOXED = /kata|runsc|gvisor|firecracker|qemu|clh/i;

export default defineRule({
  id: 'CG027',
  name: 'sandboxed-runtime',
  severity: 'info',
  needs: [],
  wants: ['runtime', 'hierarchyRoots', 'kataConfig'],
  tolerates: ['runtime', 'hierarchyRoots', 'kataConfig'],
  docs: {
    title: 'A VM or user-space-kernel runtime (kata, gVisor) is configured: container metrics live in the guest',
    checks: 'containerd runtimes of type io.containerd.kata* or runsc, a kata_overhead cgroup, or a kata configuration with sandbox_cgroup_only.',
    why: "With a sandboxed runtime the host sees only the pod's sandbox (a VM or a user-space kernel): kubelet and cAdvisor on the host have no per-container cgroups, so per-container metrics are missing by design, not by fault.",
    symptoms: ['containers missing from /metrics/cadvisor', 'cAdvisor in a kata pod reports the VM'],
    fix: 'Use kata-monitor or in-guest collection.',
    refs: [
      'https://github.com/kata-containers/kata-containers/blob/main/docs/design/kata-2-0-metrics.md',
      'https://github.com/kata-containers/kata-containers/issues/6079',
      'https://github.com/google/gvisor/issues/6500',
    ],
  },
  check({ runtime, hierarchyRoots, kataConfig }) {
    if (!runtime && !hierarchyRoots) return { skip: 'neither a runtime configuration nor a cgroup tree was found' };
    const found: string[] = [];
    const evidence: Evidence[] = [];
    for (const rt of runtime?.all ?? []) {
      for (const r of rt.containerdRuntimes ?? []) {
        if (SANDBOXED.test(r.type ?? '') || SANDBOXED.test(r.name)) {
          found.push(`containerd runtime "${r.name}"${r.type ? ` (${r.type})` : ''}`);
          const at = knownDriver(rt)?.path;
          if (at) evidence.push({ path: at, excerpt: `runtimes.${r.name} runtime_type = "${r.type ?? ''}"` });
        }
      }
    }
    const overhead = (hierarchyRoots ?? []).find((r) => r.children.includes('kata_overhead'));
    if (overhead) {
      found.push('a kata_overhead cgroup');
      evidence.push({ path: `${overhead.hierarchy.dir}/kata_overhead`, excerpt: 'kata_overhead' });
    }
    for (const k of kataConfig ?? []) {
      if (k.sandboxCgroupOnly === undefined) continue;
      found.push(`${k.path} sandbox_cgroup_only = ${k.sandboxCgroupOnly}`);
      evidence.push({ path: k.path, ...(k.line !== undefined ? { line: k.line } : {}), excerpt: `sandbox_cgroup_only = ${k.sandboxCgroupOnly}` });
    }
    if (found.length === 0) return [];
    return [
      {
        subject: 'sandboxed runtime',
        message: `a sandboxed runtime is configured (${listSome(found, 4)}): kubelet and cAdvisor on the host see only each pod's sandbox; per-container metrics live inside the guest`,
        evidence,
      },
    ];
  },
});
