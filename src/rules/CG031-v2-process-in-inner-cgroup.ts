import { defineRule } from './define.js';

export default defineRule({
  id: 'CG031',
  name: 'v2-process-in-inner-cgroup',
  severity: 'error',
  needs: ['unified'],
  docs: {
    title: 'v2: processes sit in an inner cgroup on the pods path ("no internal processes")',
    checks:
      'v2: a cgroup on the pods path (the pods root and its ancestors, the QoS cgroups, the pod cgroups; the root excluded) that has processes in cgroup.procs while it has child cgroups or controllers in cgroup.subtree_control.',
    why: 'cgroup v2 allows processes only in leaves: a process left in an inner cgroup stops controllers from being enabled for its children, so writes to cgroup.subtree_control fail with EBUSY and new pods cannot get their limits.',
    symptoms: ['write .../cgroup.subtree_control: device or resource busy (runc#2298)'],
    fix: 'Move the processes to a leaf cgroup (the systemd driver does this with scopes).',
    refs: ['https://docs.kernel.org/admin-guide/cgroup-v2.html#no-internal-process-constraint', 'https://github.com/opencontainers/runc/issues/2298'],
  },
  check({ unified }) {
    return unified.cgroups
      .filter((c) => ['path', 'qos', 'pod'].includes(c.role) && c.procs > 0 && ((c.subtreeControl?.length ?? 0) > 0 || (c.children?.length ?? 0) > 0))
      .map((c) => ({
        subject: c.path,
        message: `${c.path} holds ${c.procs} process${c.procs === 1 ? '' : 'es'} but is an inner cgroup (${c.children?.length ?? 0} child cgroups${c.subtreeControl?.length ? `, subtree_control "${c.subtreeControl.join(' ')}"` : ''}): controllers cannot be enabled below it`,
        evidence: [{ path: `${c.dir}/cgroup.procs`, line: 1, excerpt: `${c.procs} process${c.procs === 1 ? '' : 'es'}` }],
        remediation: `Move them into a leaf: \`for p in $(cat /${c.dir}/cgroup.procs); do echo $p > /${c.dir}/<leaf>/cgroup.procs; done\` (or kill the stray processes); the systemd driver avoids this by putting every process in a scope.`,
      }));
  },
});
