import { defineRule } from './define.js';
import { reservedCgroupPath } from '../collect/cgroup-paths.js';
import { knownSetting } from '../collect/kubelet.js';
import { enforcedBy, setCgroupSettings, settingEvidence, showSetting } from './helpers.js';

/** Directory names of v1 hierarchies and the unified mount under /sys/fs/cgroup. */
const HIERARCHY_NAMES = new Set([
  'systemd',
  'name=systemd',
  'unified',
  'cpu',
  'cpuacct',
  'cpu,cpuacct',
  'cpuacct,cpu',
  'cpuset',
  'memory',
  'blkio',
  'io',
  'devices',
  'freezer',
  'pids',
  'hugetlb',
  'net_cls',
  'net_prio',
  'net_cls,net_prio',
  'net_prio,net_cls',
  'perf_event',
  'rdma',
  'misc',
]);

/** What is wrong with a cgroup setting's form, and the value it should have, or undefined. */
export function pathFormProblem(value: string, extraNames: Iterable<string> = []): { problem: string; suggested: string } | undefined {
  const names = new Set([...HIERARCHY_NAMES, ...extraNames]);
  if (value.startsWith('/sys/fs/cgroup')) {
    const rest = value.slice('/sys/fs/cgroup'.length).split('/').filter(Boolean);
    if (rest.length > 0 && names.has(rest[0]!)) rest.shift();
    return { problem: 'includes the mount point /sys/fs/cgroup', suggested: `/${rest.join('/')}` };
  }
  if (!value.startsWith('/')) return { problem: 'is relative', suggested: `/${value.replace(/\/+$/, '')}` };
  const parts = value.split('/').filter(Boolean);
  if (parts.length > 0 && names.has(parts[0]!)) {
    return { problem: `starts with the hierarchy name "${parts[0]}"`, suggested: `/${parts.slice(1).join('/')}` };
  }
  if (value.length > 1 && value.endsWith('/')) return { problem: 'ends with "/"', suggested: value.replace(/\/+$/, '') };
  return undefined;
}

/**
 * Whether kubelet, enforcing a reservation, lands on the cgroup the value means: it parses a
 * reservation with its driver's naming (only the last component counts under systemd), so a
 * relative value or a trailing slash can still reach the intended cgroup. An unknown driver
 * counts only when both drivers agree.
 */
function reservationReadAsMeant(value: string, suggested: string, driver: string | undefined): boolean {
  return (driver ? [driver] : ['cgroupfs', 'systemd']).every((d) => reservedCgroupPath(value, d) === suggested);
}

export default defineRule({
  id: 'CG006',
  name: 'cgroup-flag-path-form',
  severity: 'error',
  needs: ['kubelet'],
  wants: ['mounts'],
  docs: {
    title: 'A kubelet cgroup setting is not a path relative to the hierarchy root',
    checks:
      'kubeletCgroups, runtimeCgroups, systemCgroups, kubeReservedCgroup and systemReservedCgroup: a value that starts with /sys/fs/cgroup or with a hierarchy name (/systemd/, /cpu,cpuacct/, /memory/), is relative, or ends with "/". An error when kubelet uses the value: kubeletCgroups, runtimeCgroups and systemCgroups always, a reservation when enforceNodeAllocatable enforces it and kubelet, parsing it with its driver\'s naming, lands elsewhere than the value means. A warning when a reservation is enforced but read as meant all the same; info when it is set but unused (a reservation that is not enforced, as k0s writes kubeReservedCgroup: system.slice by default), since kubelet never looks it up.',
    why: 'kubelet and cAdvisor look these names up inside every hierarchy, so "/systemd/system.slice" means /sys/fs/cgroup/memory/systemd/system.slice, which is not the systemd slice. The advice to use that form circulates in old issue threads and keeps the error it was meant to fix. A reservation kubelet does not enforce is never looked up, so its form only matters once someone enforces it.',
    symptoms: ['unknown container "/systemd/system.slice"'],
    fix: 'Use the path relative to the hierarchy root: /system.slice/kubelet.service.',
    refs: [
      'https://www.lijiaocn.com/%E9%97%AE%E9%A2%98/2019/01/25/kubernetes-failed-to-get-cgroup-stats.html',
      'https://github.com/kubernetes/kubernetes/issues/56850#issuecomment-354539158',
      'https://github.com/k0sproject/k0s/blob/main/pkg/component/controller/workerconfig/reconciler.go',
    ],
  },
  check({ kubelet, mounts }) {
    const mounted = (mounts?.hierarchies ?? []).map((h) => h.dir.split('/').pop()!).filter(Boolean);
    const s = kubelet.settings;
    return setCgroupSettings(s).flatMap(({ name, setting }) => {
      const p = pathFormProblem(setting.value, mounted);
      if (!p) return [];
      const reservation = enforcedBy(name);
      const enforced = reservation !== undefined && s.enforceNodeAllocatable.value.includes(reservation);
      const remediation = `Set ${setting.key} to "${p.suggested}"${reservation && !enforced ? '' : ' and restart kubelet'}.`;
      if (reservation && !enforced) {
        return [
          {
            subject: setting.key,
            severity: 'info' as const,
            message: `${showSetting(setting)} ${p.problem}; kubelet does not use it now (enforceNodeAllocatable does not include ${reservation}), but write it as "${p.suggested}" before anyone enforces it`,
            evidence: settingEvidence(setting),
            remediation,
          },
        ];
      }
      if (reservation && reservationReadAsMeant(setting.value, p.suggested, knownSetting(kubelet, 'cgroupDriver')?.value)) {
        return [
          {
            subject: setting.key,
            severity: 'warning' as const,
            message: `${showSetting(setting)} ${p.problem}; kubelet enforces ${reservation} on "${p.suggested}" all the same, as its driver reads the value, but write it so`,
            evidence: settingEvidence(setting),
            remediation,
          },
        ];
      }
      return [
        {
          subject: setting.key,
          message: `${showSetting(setting)} ${p.problem}; kubelet looks it up inside each hierarchy, so it names a cgroup that is not the one meant. Use "${p.suggested}"`,
          evidence: settingEvidence(setting),
          remediation,
        },
      ];
    });
  },
});
