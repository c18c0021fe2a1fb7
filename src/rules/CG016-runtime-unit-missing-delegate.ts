import { defineRule } from './define.js';
import { effectiveDirectives } from '../collect/units.js';

const RUNTIME_UNITS = ['containerd', 'docker', 'crio'];

/** Delegate=yes, or a list of controllers, delegates; no, false or nothing does not. */
export function delegates(value: string | undefined): boolean {
  if (value === undefined) return false;
  const v = value.trim().toLowerCase();
  return !['', 'no', 'false', '0', 'off'].includes(v);
}

export default defineRule({
  id: 'CG016',
  name: 'runtime-unit-missing-delegate',
  severity: 'warning',
  needs: ['units', 'processes'],
  docs: {
    title: "A container runtime's systemd unit lacks Delegate=yes",
    checks: 'On a systemd host: the containerd, docker and CRI-O units, with their drop-ins, must set Delegate=yes.',
    why: 'Without delegation systemd considers the cgroups below the runtime its own: on the next daemon-reload it resets their controllers and limits, and containers lose their cgroup settings.',
    symptoms: ["controllers vanish from the runtime's cgroups after systemctl daemon-reload"],
    fix: 'Add `Delegate=yes` to the unit (the upstream units ship it).',
    refs: ['https://systemd.io/CGROUP_DELEGATION/', 'https://github.com/containerd/containerd/blob/main/containerd.service'],
  },
  check({ units, processes }) {
    if (!processes.systemd.running) return { skip: `systemd is not the init system (${processes.systemd.why})` };
    const present = RUNTIME_UNITS.map((n) => units.units.get(n)).filter((u) => u !== undefined);
    if (present.length === 0) return { skip: 'no containerd, docker or crio unit file found' };
    return present.flatMap((unit) => {
      const d = effectiveDirectives(unit, 'Service', 'Delegate').pop();
      if (delegates(d?.value)) return [];
      const main = unit.files[0]!;
      return [
        {
          subject: unit.name,
          message: d
            ? `${unit.name} sets Delegate=${d.value}: systemd will reset the controllers of its containers' cgroups on daemon-reload`
            : `${unit.name} has no Delegate=yes (in ${unit.files.map((f) => f.path).join(', ')}): systemd will reset the controllers of its containers' cgroups on daemon-reload`,
          evidence: [d ? { path: d.path, line: d.line, excerpt: `Delegate=${d.value}` } : { path: main.path, excerpt: 'no Delegate= line' }],
          remediation: `Add a drop-in /etc/systemd/system/${unit.name}.d/delegate.conf with "[Service]\\nDelegate=yes", then \`systemctl daemon-reload\` and restart ${unit.name}.`,
        },
      ];
    });
  },
});
