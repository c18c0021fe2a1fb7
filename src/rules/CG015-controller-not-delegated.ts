import { defineRule } from './define.js';
import { isUnder } from '../collect/cgroup-paths.js';
import type { RawFinding } from './define.js';

const REQUIRED = ['cpu', 'cpuset', 'memory', 'pids'];

export default defineRule({
  id: 'CG015',
  name: 'controller-not-delegated',
  severity: 'error',
  needs: ['unified'],
  wants: ['processes'],
  docs: {
    title: 'v2: a required controller is not enabled in cgroup.subtree_control on the way to the pods',
    checks:
      'The unified tree on the way to the pods: the root, the pods root and the cgroups between them while kubelet runs or any pod cgroup exists, and a QoS cgroup (burstable, besteffort) when a pod cgroup exists below it. Each must list in cgroup.subtree_control every required controller (cpu, cpuset, memory, pids) that the root offers in cgroup.controllers. A QoS cgroup with no pods below it is not checked: runc and systemd enable controllers only in the parents of what they create, so an empty besteffort has an empty cgroup.subtree_control on a healthy node. A cgroup on the path whose cgroup.type is "domain invalid" or "threaded" is reported too.',
    why: 'On v2 a controller reaches a cgroup only if every ancestor enables it for its children. One missing "+cpuset" on the way, and pods get no cpuset files, runc fails to write them, and limits silently do not apply. A threaded or invalid cgroup cannot hold domain controllers at all.',
    symptoms: ['cannot enter cgroupv2 ... with domain controllers -- it is in an invalid state', 'failed to write "+cpuset" ... subtree_control'],
    fix: '`echo +cpuset > .../cgroup.subtree_control` along the path, or `Delegate=yes` on the owning unit.',
    refs: [
      'https://docs.kernel.org/admin-guide/cgroup-v2.html#controlling-controllers',
      'https://github.com/opencontainers/runc/issues/2298',
      'https://github.com/opencontainers/cgroups/blob/main/fs2/create.go',
    ],
  },
  check({ unified, processes }) {
    const required = REQUIRED.filter((c) => unified.root.controllers.includes(c));
    const pods = unified.cgroups.filter((c) => c.role === 'pod');
    // Without the process table, whether kubelet runs is unknown: the pods root is checked.
    const kubeletRuns = processes ? processes.kubelet !== undefined : true;
    const upToPodsRoot = kubeletRuns || pods.length > 0;
    const checked = (c: (typeof unified.cgroups)[number]) => {
      if (c.role === 'root' || c.role === 'path') return upToPodsRoot;
      if (c.role === 'qos') return pods.some((p) => isUnder(p.path, c.path));
      return false;
    };
    const path = unified.cgroups.filter((c) => c.role === 'root' || c.role === 'path' || c.role === 'qos');
    const out: RawFinding[] = [];
    for (const c of path) {
      if (c.type && c.type !== 'domain' && c.path !== '/') {
        out.push({
          subject: c.path,
          message: `${c.path} has cgroup.type "${c.type}": it cannot hold the pods' domain controllers`,
          evidence: [{ path: `${c.dir}/cgroup.type`, line: 1, excerpt: c.type }],
          remediation: `Recreate ${c.path} as a domain cgroup (move its threads out, remove it, let kubelet recreate it), or restart the unit that made it threaded.`,
        });
        continue;
      }
      if (!checked(c)) continue;
      // Read on every cgroup of the path (only pods may go without).
      const enabled = c.subtreeControl ?? [];
      const missing = required.filter((r) => !enabled.includes(r));
      if (missing.length === 0) continue;
      out.push({
        subject: c.path,
        message: `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not enabled in ${c.path}'s cgroup.subtree_control (${enabled.join(' ') || 'empty'}), so the cgroups below it, down to the pods, do not get ${missing.length === 1 ? 'it' : 'them'}`,
        evidence: [{ path: `${c.dir}/cgroup.subtree_control`, line: 1, excerpt: enabled.join(' ') }],
        remediation: `\`echo "${missing.map((m) => `+${m}`).join(' ')}" > /${c.dir}/cgroup.subtree_control\`, and make it stick: \`Delegate=yes\` on the unit that owns ${c.path} (or restart kubelet, which enables them on its own tree).`,
      });
    }
    return out;
  },
});
