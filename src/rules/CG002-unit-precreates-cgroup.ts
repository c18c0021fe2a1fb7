import { defineRule } from './define.js';
import { listSome, plural } from './helpers.js';

/** An ExecStartPre= command that runs mkdir on something under /sys/fs/cgroup. */
export function mkdirTargets(command: string): string[] | undefined {
  if (!/(^|[\s/"';])mkdir(\s|$)/.test(command)) return undefined;
  const targets = command.match(/\/sys\/fs\/cgroup\/[^\s"';&|]+/g);
  return targets ?? undefined;
}

export default defineRule({
  id: 'CG002',
  name: 'unit-precreates-cgroup',
  severity: 'warning',
  needs: ['units'],
  docs: {
    title: 'A kubelet or runtime systemd unit creates cgroup directories with mkdir before it starts',
    checks:
      'The kubelet, containerd, docker, CRI-O and cri-dockerd units and their drop-ins (etc/systemd/system, run/systemd/system, usr/lib/systemd/system, lib/systemd/system): an ExecStartPre= line that runs mkdir on a path under /sys/fs/cgroup.',
    why: 'Directories made by mkdir in a v1 hierarchy are not configured: a cpuset directory starts with empty cpuset.cpus and cpuset.mems (CG001), and the cgroup belongs to no one, so systemd and kubelet disagree about it. The line usually dates from an old workaround and outlives it.',
    symptoms: [],
    fix: 'Remove the ExecStartPre= mkdir lines. Let systemd create the unit cgroup (CPUAccounting=, MemoryAccounting=), or set --kubelet-cgroups to a path kubelet creates itself.',
    refs: [
      'https://github.com/easzlab/kubeasz/issues/575',
      'https://github.com/torvalds/linux/blob/master/Documentation/admin-guide/cgroup-v1/cgroups.rst',
      'https://manpages.ubuntu.com/manpages/jammy/man7/cpuset.7.html',
    ],
  },
  check({ units }) {
    if (units.units.size === 0) {
      return { skip: `no kubelet, containerd, docker or crio unit file found under ${units.searched.join(', ')}` };
    }
    const out = [];
    for (const unit of units.units.values()) {
      const hits = unit.files.flatMap((f) =>
        f.directives
          .filter((d) => d.section === 'Service' && d.key === 'ExecStartPre')
          .map((d) => ({ d, targets: mkdirTargets(d.value) }))
          .filter((x) => x.targets !== undefined),
      );
      if (hits.length === 0) continue;
      const targets = hits.flatMap((h) => h.targets!);
      out.push({
        subject: unit.name,
        message: `${unit.name} creates ${plural(targets.length, 'cgroup directory', 'cgroup directories')} before it starts: ${listSome(targets, 5)}. A cpuset directory made this way has empty cpuset.cpus and cpuset.mems.`,
        evidence: hits.map(({ d }) => ({ path: d.path, line: d.line, excerpt: `ExecStartPre=${d.value}` })),
        remediation: `Delete ${hits.length === 1 ? 'this line' : 'these lines'} from ${[...new Set(hits.map((h) => h.d.path))].map((p) => `/${p}`).join(', ')}, run \`systemctl daemon-reload\`, fix or remove the directories already made (CG001), and restart ${unit.name}.`,
      });
    }
    return out;
  },
});
