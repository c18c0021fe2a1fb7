import type { RuleCase } from './cases.js';
import { managerStates, systemdNode } from './nodes.js';

export const fires: RuleCase[] = [
  {
    name: 'cpuManagerPolicy changed to static, but the checkpoint still records "none" (kubelet: configured policy "static" differs from state checkpoint policy "none"); kubelet is not running',
    node: managerStates(systemdNode({ kubelet: { config: { cpuManagerPolicy: 'static' }, running: false } }), { cpu: 'none' }),
    layout: 'v1',
    findings: [
      {
        rule: 'CG024',
        severity: 'error',
        subject: 'var/lib/kubelet/cpu_manager_state',
        evidence: [
          { path: 'var/lib/kubelet/config.yaml', match: 'cpuManagerPolicy: "static"' },
          { path: 'var/lib/kubelet/cpu_manager_state', match: '"policyName": "none"' },
        ],
      },
    ],
    // kubelet is not running, so there are no QoS cgroups to look for.
    skipped: ['CG012'],
  },
];

export const nearMisses: RuleCase[] = [
  {
    name: 'cpuManagerPolicy static with a static checkpoint',
    node: managerStates(systemdNode({ kubelet: { config: { cpuManagerPolicy: 'static' } } }), { cpu: 'static' }),
    layout: 'v1',
    findings: [],
  },
];
