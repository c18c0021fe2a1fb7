import { defineRule } from './define.js';
import type { Evidence, RawFinding } from './define.js';
import type { CpusetFacts, KubeletFacts, Processes, UnifiedFacts } from '../collect/facts.js';
import { cleanCgroupPath, isUnder } from '../collect/cgroup-paths.js';
import { knownCgroupSettings, podRootsOf } from '../collect/kubelet.js';
import { systemdPath } from '../collect/parse/proc-cgroup.js';
import { membershipFor } from '../collect/parse/proc-cgroup.js';
import { nodePath, showSetting } from './helpers.js';

export default defineRule({
  id: 'CG001',
  name: 'cpuset-empty',
  severity: 'error',
  needs: [],
  wants: ['cpuset', 'unified', 'kubelet', 'processes', 'kubeletVersion'],
  tolerates: ['cpuset', 'unified'],
  docs: {
    title: 'A cpuset cgroup that kubelet, cAdvisor or the runtime uses has an empty cpuset.cpus or cpuset.mems',
    checks:
      'On cgroup v1, every cpuset cgroup that matters to Kubernetes: the cgroups named by kubeletCgroups, runtimeCgroups, systemCgroups, kubeReservedCgroup and systemReservedCgroup, the cgroups the kubelet and runtime processes sit in, everything under the pods root, and any cgroup holding processes. It fires when cpuset.cpus or cpuset.mems is empty, once per cgroup. On cgroup v2 an empty cpuset.cpus is normal (it inherits); it fires when cpuset.cpus.effective or cpuset.mems.effective is empty on the pods path or a system cgroup.',
    why: 'A cpuset directory made by hand (mkdir, often an ExecStartPre= line) starts with empty cpuset.cpus and cpuset.mems. No process can join it (writing cgroup.procs fails with "No space left on device"), and since cAdvisor 0.39 (Kubernetes 1.21) reading its stats fails. The failure is not contained: cAdvisor then has no stats for that container, GetRequestedContainersInfo returns a partial failure, and /metrics/cadvisor drops every container metric on the node. Grafana goes blank for all pods because of one system cgroup.',
    symptoms: [
      'cpuset.cpus found to be empty, continuing to push stats',
      'Partial failure issuing cadvisor.ContainerInfoV2 ... RecentStats: unable to find data in memory cache',
      'Failed to get system container stats for "/system.slice/kubelet.service"',
      "Couldn't get containers: partial failures",
      'writing cgroup.procs fails with No space left on device',
      'Grafana shows no container CPU/memory (cAdvisor >= 0.39, Kubernetes >= 1.21)',
    ],
    fix: "Do not pre-create cpuset directories. Copy the parent's values into the empty ones, top-down (`cat ../cpuset.cpus > cpuset.cpus`, the same for cpuset.mems), or remove the directory and let systemd or kubelet create it; then restart kubelet. If a unit's ExecStartPre= made it (CG002 says so), remove that line.",
    refs: [
      'https://github.com/opencontainers/runc/pull/2408',
      'https://github.com/google/cadvisor/pull/2809',
      'https://github.com/NVIDIA/gpu-operator/issues/280',
      'https://manpages.ubuntu.com/manpages/jammy/man7/cpuset.7.html',
    ],
  },
  check({ cpuset, unified, kubelet, processes, kubeletVersion }, { missing }) {
    if (!cpuset && !unified) return { skip: [...new Set([missing.cpuset, missing.unified])].join('; ') };
    // cAdvisor 0.39 (Kubernetes 1.21) started reading cpuset stats; before it the fault is latent.
    const latent =
      kubeletVersion && kubeletVersion.major === 1 && kubeletVersion.minor < 21
        ? `; kubelet ${kubeletVersion.text} does not read cpuset stats yet, so container metrics break on the upgrade to 1.21`
        : '';
    return [...(cpuset ? v1Findings(cpuset, kubelet, processes, latent) : []), ...(unified ? v2Findings(unified, latent) : [])];
  },
});

function v1Findings(cpuset: CpusetFacts, kubelet: KubeletFacts | undefined, processes: Processes | undefined, latent: string): RawFinding[] {
  const why = new Map<string, string[]>();
  const note = (p: string, reason: string) => {
    const key = cleanCgroupPath(p);
    why.set(key, [...(why.get(key) ?? []), reason]);
  };
  // kubelet's settings only explain why a cgroup matters here; an unknown one costs an explanation, not the check.
  for (const { setting } of knownCgroupSettings(kubelet)) note(setting.value, `named by ${showSetting(setting)}`);
  for (const p of [processes?.kubelet, ...(processes?.runtimes ?? [])]) {
    if (!p?.cgroup) continue;
    const own = membershipFor(p.cgroup, 'cpuset') ?? systemdPath(p.cgroup);
    if (own) note(own.path, `${p.comm} (pid ${p.pid}) runs in it`);
    const unit = systemdPath(p.cgroup);
    if (unit && unit !== own) note(unit.path, `the cgroup of ${p.comm}'s unit`);
  }
  const podRoots = podRootsOf(kubelet).map((p) => p.root);
  return cpuset.empty.flatMap((c) => {
    const reasons = [...(why.get(c.path) ?? [])];
    const pods = podRoots.find((r) => isUnder(c.path, r));
    if (pods) reasons.push(`under the pods root ${pods}`);
    if (c.procs > 0) reasons.push(`it holds ${c.procs} process${c.procs === 1 ? '' : 'es'}`);
    if (reasons.length === 0) return [];
    const files = c.empty.join(' and ');
    const evidence: Evidence[] = c.empty.map((f) => ({ path: `${c.dir}/${f}`, line: 1, excerpt: '' }));
    const parent = c.dir.slice(0, c.dir.lastIndexOf('/'));
    return [
      {
        subject: c.path,
        message: `${files} ${c.empty.length > 1 ? 'are' : 'is'} empty in ${nodePath(c.dir)} (${reasons.join('; ')})${latent}`,
        evidence,
        remediation:
          `Copy the parent's values, top-down: ${c.empty.map((f) => `\`cat ${nodePath(parent)}/${f} > ${nodePath(c.dir)}/${f}\``).join(', ')} ` +
          `(fix an empty parent first), or \`rmdir ${nodePath(c.dir)}\` when nothing uses it and let systemd or kubelet create it; then restart kubelet.`,
        seeAlso: [{ rule: 'CG002', text: 'Remove the ExecStartPre= mkdir that made it (CG002), or it comes back empty at the next restart.' }],
      },
    ];
  });
}

/** On v2 the configured cpuset.cpus may be empty (inherit); the effective set never should be. */
function v2Findings(unified: UnifiedFacts, latent: string): RawFinding[] {
  return unified.cgroups.flatMap((c) => {
    const empty = [c.cpusEffective === '' ? 'cpuset.cpus.effective' : undefined, c.memsEffective === '' ? 'cpuset.mems.effective' : undefined].filter((x): x is string => !!x);
    if (empty.length === 0) return [];
    return [
      {
        subject: c.path,
        message: `${empty.join(' and ')} ${empty.length > 1 ? 'are' : 'is'} empty in ${nodePath(c.dir)} (${c.role === 'system' ? 'a system cgroup kubelet uses' : 'on the pods path'}): no CPU or memory node is left for its processes${latent}`,
        evidence: empty.map((f) => ({ path: `${c.dir}/${f}`, line: 1, excerpt: '' })),
        remediation: `Find the ancestor whose cpuset.cpus (or cpuset.mems) excludes every CPU its parent offers, or an invalid cpuset partition (cpuset.cpus.partition), and widen it; \`cat /${c.dir}/cpuset.cpus\` and its parents show which.`,
      },
    ];
  });
}
