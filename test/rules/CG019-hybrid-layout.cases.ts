import type { RuleCase } from './cases.js';
import { systemdNode, v2Node } from './nodes.js';

export const fires: RuleCase[] = [
  {
    name: 'an Ubuntu 20.04-style hybrid node: v1 controllers plus an empty cgroup2 tree at /sys/fs/cgroup/unified',
    node: systemdNode({ layout: 'hybrid' }),
    layout: 'hybrid',
    // Stated here although every hybrid case expects it: it is what this rule is about.
    findings: [{ rule: 'CG019', severity: 'info', subject: '/sys/fs/cgroup/unified', evidence: [{ path: 'proc/1/mountinfo' }] }],
  },
];

export const nearMisses: RuleCase[] = [
  {
    name: 'a cgroup v2 node that also mounts a v1 name=systemd hierarchy for old tools: still v2, not hybrid',
    node: v2Node().mountLine('4400 23 0:77 / /sys/fs/cgroup/systemd rw,nosuid,nodev,noexec,relatime shared:460 - cgroup cgroup rw,xattr,name=systemd'),
    layout: 'v2',
    findings: [],
  },
];
