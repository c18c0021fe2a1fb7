import type { RuleCase } from './cases.js';
import { managerStates, systemdNode } from './nodes.js';

export const fires: RuleCase[] = [
  {
    name: 'memoryManagerPolicy changed to Static, but memory_manager_state still records "None"; kubelet is not running',
    node: managerStates(systemdNode({ kubelet: { config: { memoryManagerPolicy: 'Static' }, running: false } }), { memory: 'None' }),
    layout: 'v1',
    findings: [
      {
        rule: 'CG025',
        severity: 'error',
        subject: 'var/lib/kubelet/memory_manager_state',
        evidence: [
          { path: 'var/lib/kubelet/config.yaml', match: 'memoryManagerPolicy: "Static"' },
          { path: 'var/lib/kubelet/memory_manager_state', match: '"policyName": "None"' },
        ],
      },
    ],
    // kubelet is not running, so there are no QoS cgroups to look for.
    skipped: ['CG012'],
  },
];

export const nearMisses: RuleCase[] = [
  {
    name: 'memoryManagerPolicy Static with a Static checkpoint',
    node: managerStates(systemdNode({ kubelet: { config: { memoryManagerPolicy: 'Static' } } }), { memory: 'Static' }),
    layout: 'v1',
    findings: [],
  },
];
