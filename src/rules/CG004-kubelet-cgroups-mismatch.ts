import { defineRule } from './define.js';
import { cleanCgroupPath } from '../collect/cgroup-paths.js';
import { systemdPath } from '../collect/parse/proc-cgroup.js';
import { membershipEvidence, settingEvidence, showSetting } from './helpers.js';

export default defineRule({
  id: 'CG004',
  name: 'kubelet-cgroups-mismatch',
  severity: 'warning',
  needs: ['kubelet'],
  docs: {
    title: 'kubeletCgroups differs from the cgroup the kubelet process actually runs in',
    checks:
      "When kubeletCgroups / --kubelet-cgroups is set, compares it with the kubelet process's own cgroup: the name=systemd line of /proc/<kubelet>/cgroup on v1, the unified line on v2.",
    why: "When the two differ, kubelet creates the configured path in every hierarchy and moves itself there, periodically. Under systemd the unit cgroup is systemd's, so systemd may move it back; the created cpuset directory can be empty (CG001); and stats are reported for a cgroup that is not really kubelet's.",
    symptoms: ['failed to move PID ... into ...', 'systemd later moves it back'],
    fix: "Set it to the unit's real cgroup (/system.slice/kubelet.service) or drop the flag.",
    refs: [
      'https://github.com/kubernetes/kubernetes/blob/v1.28.0-alpha.2/pkg/kubelet/cm/container_manager_linux.go',
      'https://www.lijiaocn.com/%E9%97%AE%E9%A2%98/2019/01/25/kubernetes-failed-to-get-cgroup-stats.html',
      'https://github.com/kubernetes/kubernetes/issues/110288',
    ],
  },
  check({ kubelet }) {
    const s = kubelet.settings.kubeletCgroups;
    if (s.value === '') return [];
    const proc = kubelet.process;
    if (!proc?.cgroup) return { skip: `${showSetting(s)} is set but no running kubelet with a readable proc/<pid>/cgroup was found to compare it with` };
    const own = systemdPath(proc.cgroup);
    if (!own) return { skip: `${proc.cgroup.path} has neither a name=systemd nor a unified line` };
    const want = cleanCgroupPath(s.value);
    if (cleanCgroupPath(own.path) === want) return [];
    return [
      {
        subject: want,
        message: `kubelet (pid ${proc.pid}) runs in "${own.path}" but ${showSetting(s)}: kubelet will create "${want}" in every hierarchy and move itself there, and systemd may move it back`,
        evidence: [...settingEvidence(s), membershipEvidence(proc.cgroup.path, own)],
        remediation: `Set ${s.key} to "${own.path}" (the unit's own cgroup) or remove it, then restart kubelet.`,
      },
    ];
  },
});
