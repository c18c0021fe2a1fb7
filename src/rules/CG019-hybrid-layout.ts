import { defineRule } from './define.js';

export default defineRule({
  id: 'CG019',
  name: 'hybrid-layout',
  severity: 'info',
  needs: ['mounts'],
  docs: {
    title: 'Hybrid layout: v1 controllers plus a cgroup2 mount with no controllers',
    checks: 'v1 controllers are mounted and a cgroup2 filesystem is mounted too (usually at /sys/fs/cgroup/unified), without controllers of its own.',
    why: "systemd tracks processes in the cgroup2 tree, but every controller stays on v1: runtimes and kubelet treat the node as v1, with all of v1's limits and its deprecation (CG018).",
    symptoms: ['runtimes treat the node as v1'],
    fix: 'Move the node to cgroup v2 (`systemd.unified_cgroup_hierarchy=1`); kernel >= 5.8, systemd >= 244, containerd >= 1.4, runc >= 1.0.',
    refs: ['https://systemd.io/CGROUP_DELEGATION/#three-different-tree-setups-'],
  },
  check({ mounts }) {
    if (mounts.layout !== 'hybrid') return [];
    const u = mounts.hierarchies.find((h) => h.version === 2)!;
    return [
      {
        subject: u.mount.mountpoint,
        message: `cgroup2 is mounted at ${u.mount.mountpoint} next to ${mounts.hierarchies.filter((h) => h.version === 1).length} v1 hierarchies: every controller is still on v1`,
        evidence: [{ path: mounts.path, line: u.mount.line, excerpt: `${u.mount.mountpoint} ${u.mount.fstype}` }],
      },
    ];
  },
});
