import { defineRule } from './define.js';
import type { RawFinding } from './define.js';
import { cleanCgroupPath, reservedCgroupPath } from '../collect/cgroup-paths.js';
import { enforcedBy, listSome, missingDirEvidence, setCgroupSettings, settingEvidence, showSetting } from './helpers.js';

export default defineRule({
  id: 'CG005',
  name: 'system-cgroup-missing',
  severity: 'error',
  needs: ['kubelet', 'presence'],
  docs: {
    title: 'A cgroup named by a kubelet setting does not exist',
    checks:
      'The cgroups named by kubeletCgroups, runtimeCgroups, systemCgroups, kubeReservedCgroup and systemReservedCgroup (flags or config file) in the hierarchies kubelet consults (cpu, cpuacct, cpuset, memory, pids, hugetlb, name=systemd; the unified tree on v2). kubeletCgroups, runtimeCgroups and systemCgroups are looked up as written, and fire when the cgroup is in none of them. A reservation is looked up where kubelet enforces it: under the systemd driver kubelet keeps only the last component of the value and makes it a slice (/runtime is /runtime.slice, /system.slice stays, /system.slice/kubelet.service is /kubelet.service.slice); it is an error when enforceNodeAllocatable names it (kube-reserved, system-reserved) and the cgroup is missing from any hierarchy, and at most info when it is not enforced, since kubelet then does not use it.',
    why: 'cAdvisor knows only cgroups that exist, so kubelet asks it for stats of a cgroup it cannot find, forever, and the node summary lacks those system containers. An enforced reservation on a missing cgroup stops the container manager from starting at all, and under the systemd driver the cgroup it must find is the converted slice, not the path written. When kubelet is started by hand rather than by systemd, the unit cgroup it is told about never exists.',
    symptoms: [
      'Failed to get system container stats for "X": failed to get cgroup stats for "X": failed to get container info for "X": unknown container "X"',
      'Failed to start ContainerManager ... cgroup ... does not exist',
    ],
    fix: 'Create the slice (a systemd unit or slice), or point the setting at a cgroup that exists; under the systemd driver a reservation must name a slice; when kubelet runs outside systemd the unit cgroup never exists.',
    refs: [
      'https://www.lijiaocn.com/%E9%97%AE%E9%A2%98/2019/01/25/kubernetes-failed-to-get-cgroup-stats.html',
      'https://github.com/kubernetes/kubernetes/issues/56850',
      'https://github.com/kubernetes/kubernetes/issues/53960',
      'https://github.com/kubernetes/kubernetes/blob/master/pkg/kubelet/cm/node_container_manager_linux.go',
      'https://github.com/kubernetes/kubernetes/blob/master/pkg/kubelet/cm/cgroup_manager_linux.go',
      'https://github.com/kubernetes/kubernetes/issues/110288',
    ],
  },
  check({ kubelet, presence }) {
    const s = kubelet.settings;
    const out: RawFinding[] = [];
    for (const { name, setting } of setCgroupSettings(s)) {
      const reservation = enforcedBy(name);
      const written = cleanCgroupPath(setting.value);
      const driver = reservation ? s.cgroupDriver.value : undefined;
      // kubelet panics on a name it cannot make a slice of; the written path is what is left to look at.
      const p = reservation ? (reservedCgroupPath(setting.value, driver!) ?? written) : written;
      const pres = presence.paths.get(p);
      if (!pres || pres.missing.length === 0) continue;
      const enforced = reservation !== undefined && s.enforceNodeAllocatable.value.includes(reservation);
      const nowhere = pres.present.length === 0;
      if (!nowhere && !enforced) continue;
      const converted = p !== written ? ` (under the ${driver} driver kubelet looks for it as ${p})` : '';
      const dirs = missingDirEvidence(presence, p, pres.missing);
      const evidence = [...settingEvidence(setting), ...dirs];
      if (reservation && !enforced) {
        out.push({
          subject: p,
          severity: 'info',
          message: `${showSetting(setting)} names a cgroup that exists in no hierarchy${converted}, but enforceNodeAllocatable does not include ${reservation}, so kubelet does not use it; enforcing it as it stands would stop kubelet's container manager`,
          evidence,
          remediation: `Before adding ${reservation} to enforceNodeAllocatable, create "${p}" (a systemd slice, so it exists in every hierarchy) or point ${setting.key} at a cgroup that exists; or unset ${setting.key}.`,
        });
        continue;
      }
      out.push({
        subject: p,
        message: nowhere
          ? `${showSetting(setting)} names a cgroup that exists in no hierarchy${converted} (looked in ${listSome(pres.missing)})${reservation ? `, and enforceNodeAllocatable includes ${reservation}: kubelet's container manager will not start` : `: cAdvisor reports unknown container "${p}"`}`
          : `${showSetting(setting)} is enforced (enforceNodeAllocatable includes ${reservation})${converted} but the cgroup is missing from ${listSome(pres.missing)}: kubelet's container manager will not start`,
        evidence,
        remediation:
          driver === 'systemd'
            ? `Create the slice "${p}" (a .slice unit, so it exists in every hierarchy), or set ${setting.key} to a slice that exists: under the systemd driver kubelet uses only the last component of the value, as a slice.`
            : `Create "${p}" (as a systemd slice or unit, so it exists in every hierarchy) or set ${setting.key} to a cgroup that exists; when kubelet runs outside systemd, a unit cgroup such as /system.slice/kubelet.service never exists.`,
      });
    }
    return out;
  },
});
