import { defineRule } from './define.js';
import { cleanCgroupPath } from '../collect/cgroup-paths.js';
import { systemdPath } from '../collect/parse/proc-cgroup.js';
import { listSome, membershipEvidence, setByDistribution, settingEvidence, showSetting } from './helpers.js';

export default defineRule({
  id: 'CG007',
  name: 'runtime-cgroups-mismatch',
  severity: 'warning',
  needs: ['kubelet', 'processes'],
  wants: ['distribution'],
  docs: {
    title: 'runtimeCgroups names a cgroup no runtime daemon runs in',
    checks:
      "When runtimeCgroups / --runtime-cgroups is set: whether a containerd, dockerd or crio process sits in that cgroup (any line of its /proc/<pid>/cgroup). Info, not a warning, when the value is one the distribution passes its kubelet itself (k0s's --runtime-cgroups=/system.slice/containerd.service), which no one on the node chose or can change.",
    why: 'kubelet reads this cgroup only for the node summary\'s "runtime" system container (/stats/summary). When no runtime runs in it, the runtime\'s stats are missing or belong to something else, and cAdvisor may not know the cgroup at all (CG005).',
    symptoms: [],
    symptomsOf: ['CG005'],
    fix: "Set it to the runtime's unit cgroup (/system.slice/containerd.service).",
    refs: ['https://github.com/gardener/gardener/pull/6574', 'https://www.lijiaocn.com/%E9%97%AE%E9%A2%98/2019/01/25/kubernetes-failed-to-get-cgroup-stats.html'],
  },
  check({ kubelet, processes, distribution }) {
    const s = kubelet.settings.runtimeCgroups;
    if (s.value === '') return [];
    const daemons = processes.runtimes.filter((p) => p.cgroup);
    if (daemons.length === 0) return { skip: `${showSetting(s)} is set but no containerd, dockerd or crio process with a readable proc/<pid>/cgroup was found` };
    const want = cleanCgroupPath(s.value);
    if (daemons.some((p) => p.cgroup!.entries.some((e) => cleanCgroupPath(e.path) === want))) return [];
    const where = daemons.map((p) => ({ p, m: systemdPath(p.cgroup!) ?? p.cgroup!.entries[0] }));
    const first = where.find((w) => w.m)?.m?.path;
    const runs = listSome(where.map(({ p, m }) => `${p.comm} (pid ${p.pid}) runs in "${m?.path ?? '?'}"`));
    const evidence = [...settingEvidence(s), ...where.filter((w) => w.m).map(({ p, m }) => membershipEvidence(p.cgroup!.path, m!))];
    if (distribution && setByDistribution(kubelet, s)) {
      const d = distribution.layout.name;
      return [
        {
          subject: want,
          severity: 'info',
          message: `no runtime daemon runs in "${want}" (${showSetting(s)}, which ${d} passes its kubelet itself): ${runs}; the node summary's "runtime" stats are not the runtime's`,
          evidence,
          remediation: `Nothing to change on the node: ${d} sets this. Read the runtime's usage from ${first ? `"${first}"` : "the runtime's own cgroup"}, not from the summary's runtime container.`,
        },
      ];
    }
    return [
      {
        subject: want,
        message: `no runtime daemon runs in "${want}" (${showSetting(s)}): ${runs}`,
        evidence,
        remediation: first ? `Set ${s.key} to "${first}", the runtime's own cgroup, and restart kubelet.` : `Set ${s.key} to the runtime's unit cgroup and restart kubelet.`,
      },
    ];
  },
});
