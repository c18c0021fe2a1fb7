import { defineRule } from './define.js';

export default defineRule({
  id: 'CG020',
  name: 'cgroup-count-near-limit',
  severity: 'error',
  needs: ['procCgroups'],
  options: {
    warnAt: { default: 32768, description: 'num_cgroups at which to warn', integer: true, min: 1, notAbove: 'errorAt' },
    errorAt: { default: 60000, description: 'num_cgroups at which it is an error', integer: true, min: 1 },
  },
  docs: {
    title: 'A controller has nearly as many cgroups as the kernel allows',
    checks:
      'num_cgroups in /proc/cgroups for every controller: a warning from 32768, an error from 60000 (thresholds configurable). Controllers sharing a hierarchy are reported once.',
    why: 'The memory controller numbers cgroups with 16-bit ids: at 65535, live or dying, mkdir fails with ENOSPC although the disk is empty, and no new pod or container can start.',
    symptoms: ['mkdir /sys/fs/cgroup/memory/...: no space left on device with free disk'],
    fix: 'Find the leak (CG021, CG022); reboot; kernel >= 5.3 memcg id fixes.',
    refs: ['https://github.com/kubernetes/kubernetes/issues/70324', 'https://github.com/moby/moby/issues/29638'],
  },
  check({ procCgroups }, { options }) {
    const byHierarchy = new Map<string, typeof procCgroups.controllers>();
    for (const c of procCgroups.controllers) {
      if (!c.enabled || c.numCgroups < options['warnAt']!) continue;
      // v2 controllers all report hierarchy 0 and the same count; v1 co-mounted ones share an id.
      const key = `${c.hierarchy}:${c.numCgroups}`;
      byHierarchy.set(key, [...(byHierarchy.get(key) ?? []), c]);
    }
    return [...byHierarchy.values()].map((cs) => {
      const n = cs[0]!.numCgroups;
      const names = cs.map((c) => c.name).join(',');
      return {
        subject: names,
        message: `${names} ${cs.length === 1 ? 'has' : 'have'} ${n} cgroups (${Math.round((n / 65535) * 100)}% of the 65535 ids the memory controller can number): creating cgroups will fail with "no space left on device"`,
        evidence: cs.map((c) => ({ path: procCgroups.path, line: c.line, excerpt: `${c.name} ${c.hierarchy} ${c.numCgroups} 1` })),
        ...(n >= options['errorAt']! ? {} : { severity: 'warning' as const }),
      };
    });
  },
});
