import type { RuleCase } from './cases.js';
import { systemdNode, v2Node, type NodeTree } from './nodes.js';

/** /proc/cgroups counts `counts` for these controllers, whatever the tree shows. */
function counting(t: NodeTree, counts: Record<string, number>): NodeTree {
  t.counts = counts;
  return t;
}

const ALL_CONTROLLERS = ['cpuset', 'cpu', 'cpuacct', 'blkio', 'memory', 'devices', 'freezer', 'net_cls', 'perf_event', 'net_prio', 'hugetlb', 'pids'];

export const fires: RuleCase[] = [
  {
    name: 'the memory controller counts 61234 cgroups, nearly all of them dying: new pods fail with "no space left on device"',
    node: counting(systemdNode(), { memory: 61234 }),
    layout: 'v1',
    findings: [
      { rule: 'CG020', severity: 'error', subject: 'memory', evidence: [{ path: 'proc/cgroups', match: 'memory 8 61234 1' }] },
      { rule: 'CG021', severity: 'warning', subject: 'memory' },
    ],
  },
];

export const nearMisses: RuleCase[] = [
  {
    name: 'cgroup v2 with 30000 cgroups counted in /proc/cgroups (all controllers share one hierarchy): below the warning threshold, and none dying',
    node: counting(v2Node(), Object.fromEntries(ALL_CONTROLLERS.map((c) => [c, 30000]))),
    layout: 'v2',
    findings: [],
  },
];
