import type { RuleCase } from './cases.js';
import { leakedShm, systemdNode } from './nodes.js';

export const fires: RuleCase[] = [
  {
    name: 'containerd#5113: 10,500 sandbox shm mounts leaked into the host mount table',
    node: leakedShm(systemdNode(), 10500),
    layout: 'v1',
    findings: [{ rule: 'CG023', severity: 'warning', subject: 'proc/1/mountinfo', evidence: [{ path: 'proc/1/mountinfo', match: '10521 lines' }] }],
  },
];

export const nearMisses: RuleCase[] = [
  {
    name: 'a busy node with 2,000 sandbox shm mounts: large, but far from the threshold',
    node: leakedShm(systemdNode(), 2000),
    layout: 'v1',
    findings: [],
  },
];
