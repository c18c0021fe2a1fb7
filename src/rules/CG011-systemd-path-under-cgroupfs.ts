import { defineRule } from './define.js';
import { listSome, plural } from './helpers.js';

export default defineRule({
  id: 'CG011',
  name: 'systemd-path-under-cgroupfs',
  severity: 'error',
  needs: ['tripletCgroups'],
  tolerates: ['tripletCgroups'],
  docs: {
    title: 'Cgroups named in the systemd "slice:prefix:id" form exist as plain directories',
    checks:
      'Directory names of the form <name>.slice:<prefix>:<id> (kubepods-burstable-pod<uid>.slice:cri-containerd:<64 hex>) in the top three levels of any hierarchy, outside the pods tree.',
    why: 'kubelet with the systemd driver hands the runtime a cgroupsPath "slice:prefix:name". A runtime or shim on the cgroupfs driver takes it literally and makes a directory of that name outside the pods tree, so those containers run unlimited and unmonitored by kubelet and cAdvisor.',
    symptoms: ['pod containers missing from kubelet/cAdvisor metrics', 'limits not applied'],
    fix: "Set the runtime (runc or kata SystemdCgroup / sandbox_cgroup_only) to the kubelet's driver.",
    refs: [
      'https://github.com/kata-containers/kata-containers/issues/11325',
      'https://github.com/opencontainers/runc/blob/main/docs/systemd.md#systemd-unit-name-and-placement',
      'https://github.com/containerd/cri/pull/290',
    ],
  },
  check({ tripletCgroups }) {
    const byParent = new Map<string, typeof tripletCgroups>();
    for (const t of tripletCgroups) byParent.set(t.parent, [...(byParent.get(t.parent) ?? []), t]);
    return [...byParent.entries()].map(([parent, list]) => ({
      subject: parent,
      message: `${plural(list.length, 'cgroup')} named in the systemd "slice:prefix:id" form ${list.length === 1 ? 'sits' : 'sit'} under "${parent}" as plain directories: ${listSome(
        list.map((t) => t.name),
        3,
      )}. A runtime used the cgroupfs driver on a systemd cgroupsPath, so these containers run outside the pods tree, unlimited and unmonitored.`,
      evidence: list.slice(0, 10).map((t) => ({ path: t.dirs[0]!, excerpt: `in ${plural(t.dirs.length, 'hierarchy', 'hierarchies')}` })),
      remediation:
        "Set the runtime to kubelet's driver: containerd `SystemdCgroup = true` for runc (and for kata, SystemdCgroup / sandbox_cgroup_only in its configuration.toml), then drain the node and recreate the pods; remove the stray directories once empty.",
    }));
  },
});
