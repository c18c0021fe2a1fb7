import type { RuleCase } from './cases.js';
import { systemdNode, type NodeTree } from './nodes.js';

/** Every process lists `line` in /proc/<pid>/cgroup, above the mounted hierarchies. */
function everyProcessLists(t: NodeTree, line: string): NodeTree {
  for (const p of t.processes) p.extraLines.push(line);
  return t;
}

export const fires: RuleCase[] = [
  {
    name: 'a monitoring agent unmounted the perf_event hierarchy; every process still lists 3:perf_event:/ in /proc/<pid>/cgroup',
    node: everyProcessLists(systemdNode({ omit: ['perf_event'] }), '3:perf_event:/'),
    layout: 'v1',
    findings: [
      {
        rule: 'CG003',
        severity: 'error',
        subject: 'perf_event',
        evidence: [
          { path: 'proc/1/cgroup', match: '3:perf_event:/' },
          { path: 'proc/1203/cgroup', match: '3:perf_event:/' },
        ],
      },
    ],
  },
];

export const nearMisses: RuleCase[] = [
  {
    name: 'the named hierarchy of seed 004 (name=cpu_mirror), still mounted: every hierarchy processes list has its mount',
    node: everyProcessLists(systemdNode({ layout: 'hybrid' }), '12:name=cpu_mirror:/')
      .mountLine('4200 28 0:99 / /sys/fs/cgroup/cpu_mirror rw,nosuid,nodev,noexec,relatime shared:400 - cgroup cgroup rw,name=cpu_mirror')
      .file('sys/fs/cgroup/cpu_mirror/cgroup.procs', ''),
    layout: 'hybrid',
    findings: [],
  },
];
