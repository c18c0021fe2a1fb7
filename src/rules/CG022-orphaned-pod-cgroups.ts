import { defineRule } from './define.js';
import { listSome, plural } from './helpers.js';

export default defineRule({
  id: 'CG022',
  name: 'orphaned-pod-cgroups',
  severity: 'warning',
  needs: ['podCgroups'],
  docs: {
    title: 'Pod cgroups whose pod kubelet no longer knows',
    checks:
      "Pod-level cgroups (pod<uid>, kubepods-<qos>-pod<uid>.slice) under the pods root, against the pod directories under kubelet's root dir (var/lib/kubelet/pods). Evaluated only when that directory is present.",
    why: 'When kubelet cannot remove a pod cgroup (processes left inside, a stuck mount), it stays forever: it holds memory cgroup ids (CG020) and its leftover processes keep using resources nobody accounts for.',
    symptoms: ['Failed to delete cgroup paths ... device or resource busy', 'pod cgroups pile up'],
    fix: 'Kill remaining pids in the cgroup, `rmdir` the tree, or reboot.',
    refs: ['https://github.com/kubernetes/kubernetes/issues/112151'],
  },
  check({ podCgroups }) {
    if (!podCgroups.kubeletPods) return { skip: "kubelet's pods directory (var/lib/kubelet/pods, or under --root-dir) is not in the scanned tree" };
    const known = podCgroups.kubeletPods.uids;
    const orphans = podCgroups.pods.filter((p) => !known.has(p.uid));
    if (orphans.length === 0) return [];
    const parent = orphans[0]!.path.slice(0, orphans[0]!.path.lastIndexOf('/')) || '/';
    return [
      {
        subject: parent,
        message: `${plural(orphans.length, 'pod cgroup')} ${orphans.length === 1 ? 'has' : 'have'} no pod directory in ${podCgroups.kubeletPods.dir}: ${listSome(orphans.map((o) => o.uid))}`,
        evidence: orphans.slice(0, 10).map((o) => ({ path: o.dir, excerpt: `no ${podCgroups.kubeletPods!.dir}/${o.uid}` })),
        remediation: `For each: kill what is left in its cgroup.procs, then \`rmdir\` the tree bottom-up (${orphans[0]!.path} first); or reboot the node.`,
      },
    ];
  },
});
