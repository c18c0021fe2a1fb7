import type { RuleCase } from './cases.js';
import { v2Node, type NodeTree } from './nodes.js';

/** The v2 root's cgroup.stat counts `n` dying descendants. */
function dying(t: NodeTree, n: number): NodeTree {
  t.dying = n;
  return t;
}

export const fires: RuleCase[] = [
  {
    name: 'cgroup v2: the root cgroup.stat counts 12000 dying descendants after heavy pod churn',
    node: dying(v2Node(), 12000),
    layout: 'v2',
    findings: [{ rule: 'CG021', severity: 'warning', subject: '/', evidence: [{ path: 'sys/fs/cgroup/cgroup.stat', match: 'nr_dying_descendants 12000' }] }],
  },
];

export const nearMisses: RuleCase[] = [
  {
    name: 'cgroup v2 with 4999 dying descendants: just under the threshold',
    node: dying(v2Node(), 4999),
    layout: 'v2',
    findings: [],
  },
];
