import type { RawFinding } from './define.js';
import type { ManagerState, Setting } from '../collect/facts.js';
import { settingEvidence, showSetting } from './helpers.js';

/**
 * CG024 and CG025 are one check on two checkpoints: kubelet refuses to start when the policy in
 * its checkpoint file differs from the configured one.
 */
export function stateMismatch(kind: 'cpu' | 'memory', state: ManagerState | undefined, setting: Setting<string>, dir: string): RawFinding[] | { skip: string } {
  const file = `${kind}_manager_state`;
  if (!state) return { skip: `no ${dir}/${file}` };
  if (state.policyName === undefined) return { skip: `${state.path} has no policyName` };
  if (state.policyName === setting.value) return [];
  const configured = setting.origin === 'default' ? `the default "${setting.value}"` : showSetting(setting);
  return [
    {
      subject: state.path,
      message: `${state.path} records policy "${state.policyName}" but kubelet is configured with ${configured}: kubelet fails with "could not restore state from checkpoint" and does not start`,
      evidence: [...settingEvidence(setting), { path: state.path, ...(state.line !== undefined ? { line: state.line } : {}), excerpt: `"policyName": "${state.policyName}"` }],
      remediation: `Drain the node, stop kubelet, delete /${state.path}, start kubelet (it writes a new checkpoint for "${setting.value}"), uncordon.`,
    },
  ];
}
