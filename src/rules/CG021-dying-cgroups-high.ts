import { defineRule } from './define.js';

export default defineRule({
  id: 'CG021',
  name: 'dying-cgroups-high',
  severity: 'warning',
  needs: ['mounts'],
  wants: ['unified', 'procCgroups', 'memoryCgroupDirs'],
  options: { threshold: { default: 5000, description: 'dying cgroups at which to warn', integer: true, min: 1 } },
  docs: {
    title: 'Thousands of removed cgroups are still held by the kernel (dying cgroups)',
    checks:
      'v2: nr_dying_descendants in the root cgroup.stat. v1: how far memory num_cgroups in /proc/cgroups exceeds the memory cgroup directories that exist. Both against 5000 (configurable).',
    why: 'A removed cgroup lingers while page cache is charged to it. They pile up when pods churn, pin memory (slab, percpu), slow reclaim, and count toward the 65535 memory cgroup ids (CG020).',
    symptoms: ['high slab/percpu memory, slow reclaim, ENOSPC as CG020'],
    fix: 'Dying cgroups pin page cache; `echo 1 > /proc/sys/vm/drop_caches` as a stopgap, kernel upgrade.',
    refs: ['https://lwn.net/Articles/787614/', 'https://github.com/kubernetes/kubernetes/issues/70324'],
  },
  check({ mounts, unified, procCgroups, memoryCgroupDirs }, { options, missing }) {
    const t = options['threshold']!;
    if (mounts.layout === 'v2') {
      if (!unified) return { skip: 'the unified root could not be read' };
      const dying = unified.stat['nr_dying_descendants'];
      if (dying === undefined) return { skip: `${unified.root.dir}/cgroup.stat has no nr_dying_descendants` };
      if (dying < t) return [];
      return [
        {
          subject: '/',
          message: `${dying} dying cgroups (nr_dying_descendants) are held by the kernel`,
          evidence: [{ path: `${unified.root.dir}/cgroup.stat`, excerpt: `nr_dying_descendants ${dying}` }],
        },
      ];
    }
    // A walk cut by --max-cgroups undercounts the directories and would invent dying cgroups: the
    // engine withholds an incomplete count, and the reason says why.
    const mem = procCgroups?.controllers.find((c) => c.name === 'memory');
    if (memoryCgroupDirs === undefined) return { skip: missing.memoryCgroupDirs ?? 'the v1 memory hierarchy could not be counted' };
    if (!mem) return { skip: missing.procCgroups ?? 'proc/cgroups has no memory line' };
    const dying = mem.numCgroups - memoryCgroupDirs;
    if (dying < t) return [];
    return [
      {
        subject: 'memory',
        message: `memory has ${mem.numCgroups} cgroups in ${procCgroups!.path} but only ${memoryCgroupDirs} directories exist: about ${dying} are dying, removed but still held by the kernel`,
        evidence: [{ path: procCgroups!.path, line: mem.line, excerpt: `memory ${mem.hierarchy} ${mem.numCgroups} 1` }],
      },
    ];
  },
});
