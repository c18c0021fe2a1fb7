import { defineRule } from './define.js';
import { cleanCgroupPath } from '../collect/cgroup-paths.js';
import { listSome, missingDirEvidence, setCgroupSettings, settingEvidence, showSetting } from './helpers.js';

/** enforceNodeAllocatable entries that make kubelet require a reserved cgroup to exist. */
const ENFORCED_BY = { kubeReservedCgroup: 'kube-reserved', systemReservedCgroup: 'system-reserved' } as const;

export default defineRule({
  id: 'CG005',
  name: 'system-cgroup-missing',
  severity: 'error',
  needs: ['kubelet', 'presence'],
  docs: {
    title: 'A cgroup named by a kubelet setting does not exist',
    checks:
      'The cgroups named by kubeletCgroups, runtimeCgroups, systemCgroups, kubeReservedCgroup and systemReservedCgroup (flags or config file) in the hierarchies kubelet consults (cpu, cpuacct, cpuset, memory, pids, hugetlb, name=systemd; the unified tree on v2). It fires when a cgroup is in none of them, or, for a reserved cgroup that enforceNodeAllocatable enforces, when it is missing from any of them.',
    why: 'cAdvisor knows only cgroups that exist, so kubelet asks it for stats of a cgroup it cannot find, forever, and the node summary lacks those system containers. An enforced reservation on a missing cgroup stops the container manager from starting at all. When kubelet is started by hand rather than by systemd, the unit cgroup it is told about never exists.',
    symptoms: [
      'Failed to get system container stats for "X": failed to get cgroup stats for "X": failed to get container info for "X": unknown container "X"',
      'Failed to start ContainerManager ... cgroup ... does not exist',
    ],
    fix: 'Create the slice (a systemd unit or slice), or point the setting at a cgroup that exists; when kubelet runs outside systemd the unit cgroup never exists.',
    refs: [
      'https://www.lijiaocn.com/%E9%97%AE%E9%A2%98/2019/01/25/kubernetes-failed-to-get-cgroup-stats.html',
      'https://github.com/kubernetes/kubernetes/issues/56850',
      'https://github.com/kubernetes/kubernetes/issues/53960',
    ],
  },
  check({ kubelet, presence }) {
    const s = kubelet.settings;
    const out = [];
    for (const { name, setting } of setCgroupSettings(s)) {
      const p = cleanCgroupPath(setting.value);
      const pres = presence.paths.get(p);
      if (!pres || pres.missing.length === 0) continue;
      const enforcedBy = name in ENFORCED_BY ? ENFORCED_BY[name as keyof typeof ENFORCED_BY] : undefined;
      const enforced = enforcedBy !== undefined && s.enforceNodeAllocatable.value.includes(enforcedBy);
      const nowhere = pres.present.length === 0;
      if (!nowhere && !enforced) continue;
      const dirs = missingDirEvidence(presence, p, pres.missing);
      out.push({
        subject: p,
        message: nowhere
          ? `${showSetting(setting)} names a cgroup that exists in no hierarchy (looked in ${listSome(pres.missing)}): cAdvisor reports unknown container "${p}"`
          : `${showSetting(setting)} is enforced (enforceNodeAllocatable includes ${enforcedBy}) but the cgroup is missing from ${listSome(pres.missing)}: kubelet's container manager will not start`,
        evidence: [...settingEvidence(setting), ...dirs],
        remediation: `Create "${p}" (as a systemd slice or unit, so it exists in every hierarchy) or set ${setting.key} to a cgroup that exists; when kubelet runs outside systemd, a unit cgroup such as /system.slice/kubelet.service never exists.`,
      });
    }
    return out;
  },
});
