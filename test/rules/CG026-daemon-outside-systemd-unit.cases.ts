import type { RuleCase } from './cases.js';
import { SYSTEMD_KEYS, systemdNode } from './nodes.js';

const SESSION = '/user.slice/user-0.slice/session-3.scope';

export const fires: RuleCase[] = [
  {
    name: 'seed 002, last paragraph: kubelet started by hand from an SSH session, so it runs in session-3.scope and dies with it',
    node: systemdNode({ kubelet: { at: Object.fromEntries(SYSTEMD_KEYS.map((k) => [k, SESSION])) } }).unitCgroup(SESSION),
    layout: 'v1',
    findings: [{ rule: 'CG026', severity: 'warning', subject: 'kubelet (pid 1203)', evidence: [{ path: 'proc/1203/cgroup', match: `:name=systemd:${SESSION}` }] }],
  },
];

export const nearMisses: RuleCase[] = [
  {
    name: 'kubelet and containerd in their units; an admin shell in a session scope is not a daemon',
    node: systemdNode().process(3300, 'bash', ['-bash'], { unit: SESSION }),
    layout: 'v1',
    findings: [],
  },
];
