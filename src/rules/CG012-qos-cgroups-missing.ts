import { defineRule } from './define.js';
import { podCgroups } from '../collect/cgroup-paths.js';
import { listSome, missingDirEvidence, showSetting } from './helpers.js';

export default defineRule({
  id: 'CG012',
  name: 'qos-cgroups-missing',
  severity: 'error',
  needs: ['kubelet', 'presence'],
  docs: {
    title: 'The pods root or its burstable/besteffort QoS cgroups are missing while kubelet runs',
    checks:
      'With cgroupsPerQOS (default true) and a running kubelet: the pods root (kubepods.slice for the systemd driver, kubepods for cgroupfs, under cgroupRoot) and its burstable and besteffort children in every hierarchy kubelet consults.',
    why: 'kubelet creates these at start and places every pod under them. Missing, pod sandboxes cannot be created; usually a hierarchy was mounted after kubelet started, or cgroupRoot points somewhere else.',
    symptoms: ['Failed to create pod sandbox ... cgroup ... not found', 'failed to initialize top level QOS containers'],
    fix: 'Restart kubelet after the hierarchy is mounted; check cgroupRoot.',
    refs: [
      'https://github.com/kubernetes/kubernetes/blob/master/pkg/kubelet/cm/qos_container_manager_linux.go',
      'https://github.com/kubernetes/kubernetes/blob/v1.28.0-alpha.2/pkg/kubelet/cm/container_manager_linux.go',
      'https://github.com/kubernetes/kubernetes/issues/95488',
    ],
  },
  check({ kubelet, presence }) {
    if (!kubelet.process) return { skip: 'kubelet is not running (no kubelet process in proc/)' };
    const s = kubelet.settings;
    if (!s.cgroupsPerQOS.value) return [];
    const pods = podCgroups(s.cgroupDriver.value, s.cgroupRoot.value);
    const out = [];
    for (const p of [pods.root, ...pods.qos]) {
      const pres = presence.paths.get(p);
      if (!pres || pres.missing.length === 0) continue;
      const dirs = missingDirEvidence(presence, p, pres.missing);
      out.push({
        subject: p,
        message: `"${p}" is missing from ${listSome(pres.missing)} while kubelet runs (pid ${kubelet.process.pid}, ${showSetting(s.cgroupDriver)}, ${showSetting(s.cgroupRoot)}): new pod sandboxes cannot be created`,
        evidence: dirs,
        remediation: `Make sure every hierarchy is mounted, then restart kubelet so it recreates "${p}"; check that ${s.cgroupRoot.key} and ${s.cgroupDriver.key} are what the node uses.`,
      });
    }
    return out;
  },
});
