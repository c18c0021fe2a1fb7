import { defineRule } from './define.js';
import { stateMismatch } from './manager-state.js';

export default defineRule({
  id: 'CG025',
  name: 'memory-manager-state-mismatch',
  severity: 'error',
  needs: ['kubelet', 'kubeletState'],
  docs: {
    title: "The memory manager checkpoint records another policy than kubelet's memoryManagerPolicy",
    checks: 'policyName in var/lib/kubelet/memory_manager_state (under --root-dir) against memoryManagerPolicy (default None).',
    why: 'As for the CPU manager: kubelet restores memory assignments from the checkpoint and refuses to start when the policy changed.',
    symptoms: ['could not restore state from checkpoint: ... memory_manager_state'],
    fix: 'As CG024: drain, delete the checkpoint, restart kubelet.',
    refs: ['https://kubernetes.io/docs/tasks/administer-cluster/memory-manager/'],
  },
  check({ kubelet, kubeletState }) {
    return stateMismatch('memory', kubeletState.memory, kubelet.settings.memoryManagerPolicy, kubeletState.dir);
  },
});
