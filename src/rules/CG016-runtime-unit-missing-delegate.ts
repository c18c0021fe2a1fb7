import { defineRule } from './define.js';
import { effectiveDirectives, unitOf } from '../collect/units.js';
import { knownDriver } from '../collect/runtime.js';
import type { RuntimeInfo } from '../collect/facts.js';
import { driverEvidence } from './helpers.js';

/** Delegate=yes, or a list of controllers, delegates; no, false or nothing does not. */
export function delegates(value: string | undefined): boolean {
  if (value === undefined) return false;
  const v = value.trim().toLowerCase();
  return !['', 'no', 'false', '0', 'off'].includes(v);
}

/** The upstream unit of each runtime, for a runtime that is configured but not running. */
const UNIT_OF: Record<RuntimeInfo['name'], string> = { containerd: 'containerd', docker: 'docker', crio: 'crio' };

export default defineRule({
  id: 'CG016',
  name: 'runtime-unit-missing-delegate',
  severity: 'warning',
  needs: ['units', 'processes', 'runtime'],
  docs: {
    title: "A container runtime's systemd unit lacks Delegate=yes",
    checks:
      "On a systemd host, for containerd and dockerd on the cgroupfs driver (containerd SystemdCgroup = false, docker's cgroupfs): the unit that owns its process, found from the process's cgroup (so k3s.service, rke2-server.service, k0sworker.service and snap.microk8s.daemon-containerd.service count), or its upstream unit when it is not running, must set Delegate=yes (unit file plus drop-ins). A runtime on the systemd driver puts containers in scopes of their own and needs none; CRI-O needs none on either driver (on cgroupfs it keeps conmon and containers in the pod's cgroup, and cri-o's own crio.service has no Delegate=).",
    why: 'On the cgroupfs driver the runtime manages the cgroups below it itself. Without delegation systemd considers them its own: on the next daemon-reload it resets their controllers and limits, and containers lose their cgroup settings.',
    symptoms: ["controllers vanish from the runtime's cgroups after systemctl daemon-reload"],
    fix: 'Add `Delegate=yes` to the unit (the upstream units ship it), or move the runtime and kubelet to the systemd driver.',
    refs: ['https://systemd.io/CGROUP_DELEGATION/', 'https://github.com/containerd/containerd/blob/main/containerd.service'],
  },
  check({ units, processes, runtime }) {
    if (!processes.systemd.running) return { skip: `systemd is not the init system (${processes.systemd.why})` };
    const out = [];
    let looked = 0;
    const unitless: string[] = [];
    for (const rt of runtime.all) {
      const driver = knownDriver(rt);
      // dockerd's own containerd is docker's business: its unit is docker's. A runtime that
      // neither runs nor serves the kubelet (a leftover daemon.json) has no containers to lose.
      if (rt.cri === false || driver?.driver !== 'cgroupfs' || (!rt.process && rt !== runtime.active)) continue;
      // CRI-O on cgroupfs puts conmon and containers in the pod's cgroup (conmon_cgroup = "pod"),
      // nothing below crio.service, and its upstream unit ships no Delegate= at all.
      if (rt.name === 'crio') continue;
      const owner = unitOf(rt.process) ?? `${UNIT_OF[rt.name]}.service`;
      const unit = units.units.get(owner.replace(/\.service$/, ''));
      if (!unit) {
        unitless.push(`${rt.name} (${owner})`);
        continue;
      }
      looked++;
      const d = effectiveDirectives(unit, 'Service', 'Delegate').pop();
      if (delegates(d?.value)) continue;
      const main = unit.files[0]!;
      const who = rt.process ? `${rt.name} (pid ${rt.process.pid}) runs in ${unit.name}` : `${rt.name}'s unit is ${unit.name}`;
      out.push({
        subject: unit.name,
        message: d
          ? `${who}, which sets Delegate=${d.value}, and ${rt.name} is on the cgroupfs driver: systemd will reset the controllers of its containers' cgroups on daemon-reload`
          : `${who}, which has no Delegate=yes (in ${unit.files.map((f) => f.path).join(', ')}), and ${rt.name} is on the cgroupfs driver: systemd will reset the controllers of its containers' cgroups on daemon-reload`,
        evidence: [d ? { path: d.path, line: d.line, excerpt: `Delegate=${d.value}` } : { path: main.path, excerpt: 'no Delegate= line' }, ...driverEvidence(driver)],
        remediation: `Add a drop-in /etc/systemd/system/${unit.name}.d/delegate.conf with "[Service]\\nDelegate=yes", then \`systemctl daemon-reload\` and restart ${unit.name}; or move ${rt.name} and kubelet to the systemd driver.`,
      });
    }
    // A runtime that needs delegation but whose unit is nowhere to be read: could not check.
    if (looked === 0 && unitless.length > 0) return { skip: `no unit file found for ${unitless.join(', ')}` };
    return out;
  },
});
