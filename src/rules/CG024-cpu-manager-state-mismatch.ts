import { defineRule } from './define.js';
import { stateMismatch } from './manager-state.js';

export default defineRule({
  id: 'CG024',
  name: 'cpu-manager-state-mismatch',
  severity: 'error',
  needs: ['kubelet', 'kubeletState'],
  docs: {
    title: "The CPU manager checkpoint records another policy than kubelet's cpuManagerPolicy",
    checks: 'policyName in var/lib/kubelet/cpu_manager_state (under --root-dir) against cpuManagerPolicy (default none).',
    why: 'kubelet restores CPU assignments from the checkpoint at start and refuses to start when its policy changed: changing --cpu-manager-policy without removing the file takes the node down.',
    symptoms: ['could not restore state from checkpoint: configured policy "static" differs from state checkpoint policy "none"'],
    fix: "Drain, delete the checkpoint, restart kubelet (the seed's unit deletes it in ExecStartPre).",
    refs: [
      'https://kubernetes.io/docs/tasks/administer-cluster/cpu-management-policies/#changing-the-cpu-manager-policy',
      'https://github.com/openshift/machine-config-operator/pull/4331',
      'https://github.com/siderolabs/talos/issues/7504',
    ],
  },
  check({ kubelet, kubeletState }) {
    return stateMismatch('cpu', kubeletState.cpu, kubelet.settings.cpuManagerPolicy, kubeletState.dir);
  },
});
