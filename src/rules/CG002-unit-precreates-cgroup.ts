import { defineRule } from './define.js';
import type { RawFinding } from './define.js';
import type { Hierarchy } from '../collect/facts.js';
import { decide, readExecCommand, type PathKind } from '../collect/parse/exec-command.js';
import { effectiveDirectives } from '../collect/units.js';
import { listSome, plural } from './helpers.js';

const CGROUPFS = '/sys/fs/cgroup';
const underCgroupfs = (p: string) => p.startsWith(`${CGROUPFS}/`);

/** Whether a directory lands in a v1 cpuset hierarchy, where a new cgroup starts with an empty cpuset. */
function inCpuset(dir: string, hierarchies: Hierarchy[] | undefined): boolean {
  if (!hierarchies) return /^\/sys\/fs\/cgroup\/[^/]*cpuset[^/]*\//.test(`${dir}/`);
  return hierarchies.some((h) => h.version === 1 && h.controllers.includes('cpuset') && `${dir}/`.startsWith(`/${h.dir}/`));
}

export default defineRule({
  id: 'CG002',
  name: 'unit-precreates-cgroup',
  severity: 'warning',
  needs: ['units'],
  wants: ['execPaths', 'mounts'],
  docs: {
    title: 'A kubelet or runtime systemd unit creates cgroup directories with mkdir before it starts',
    checks:
      'The kubelet, containerd, docker, CRI-O and cri-dockerd units and their drop-ins (etc/systemd/system, run/systemd/system, usr/lib/systemd/system, lib/systemd/system): the ExecStartPre= lines in effect (an empty ExecStartPre= resets the list) that run mkdir on a path under /sys/fs/cgroup. Each line is read as systemd and then the shell would read it: the prefixes -@:+!, %n and the other specifiers the unit name tells, a direct mkdir (every target), sh -c and bash -c scripts split at ;, &&, ||, | and newlines, if/elif/else, { }, ( ), exit, set -e, and [ ], test and [[ ]] conditions, with bash brace expansion ({cpuset,memory}; sh has none). A mkdir behind a condition on a path is decided against the scanned tree: a branch that does not create a directory, or that runs only on a layout the node does not have ([ -f /sys/fs/cgroup/cgroup.controllers ] || mkdir ... on cgroup v2), is not a finding. A condition on the directory the line itself creates is no guard: the line makes it whenever it is missing. What cannot be told (a command such as grep, a variable, a loop) is named in the finding.',
    why: 'Directories made by mkdir in a v1 hierarchy are not configured: a cpuset directory starts with empty cpuset.cpus and cpuset.mems (CG001), and the cgroup belongs to no one, so systemd and kubelet disagree about it. On cgroup v2 the same line makes stray cgroups in the unified tree (mkdir -p /sys/fs/cgroup/cpuset/x creates a cgroup named cpuset). The line usually dates from an old workaround and outlives it.',
    symptoms: [],
    fix: 'Remove the ExecStartPre= mkdir lines. Let systemd create the unit cgroup (CPUAccounting=, MemoryAccounting=), or set --kubelet-cgroups to a path kubelet creates itself.',
    refs: [
      'https://github.com/easzlab/kubeasz/issues/575',
      'https://github.com/torvalds/linux/blob/master/Documentation/admin-guide/cgroup-v1/cgroups.rst',
      'https://manpages.ubuntu.com/manpages/jammy/man7/cpuset.7.html',
      'https://manpages.ubuntu.com/manpages/noble/man5/systemd.service.5.html',
      'https://www.gnu.org/software/bash/manual/html_node/Brace-Expansion.html',
      'https://github.com/kubernetes-sigs/kind/blob/main/images/base/files/etc/systemd/system/kubelet.service.d/11-kind.conf',
      'https://github.com/lework/kainstall/blob/master/kainstall-debian.sh',
    ],
  },
  check({ units, execPaths, mounts }) {
    if (units.units.size === 0) {
      return { skip: `no kubelet, containerd, docker or crio unit file found under ${units.searched.join(', ')}` };
    }
    const kindOf = (p: string): PathKind => execPaths?.kinds.get(p) ?? 'unknown';
    const out: RawFinding[] = [];
    for (const unit of units.units.values()) {
      const hits = [];
      for (const d of effectiveDirectives(unit, 'Service', 'ExecStartPre')) {
        const reading = readExecCommand(d.value, { unit: unit.name });
        const targets: string[] = [];
        const depends = new Set<string>();
        for (const m of reading.mkdirs) {
          // A word that cannot be expanded counts only when it is visibly under /sys/fs/cgroup.
          const named = [...m.targets.filter(underCgroupfs), ...m.unresolved.filter((w) => w.includes(CGROUPFS))];
          if (named.length === 0) continue;
          const decision = decide(reading, m, kindOf);
          if (decision.runs === false) continue;
          targets.push(...named);
          for (const why of decision.depends) depends.add(why);
        }
        if (targets.length > 0) hits.push({ d, targets: [...new Set(targets)], depends: [...depends] });
      }
      if (hits.length === 0) continue;
      const targets = [...new Set(hits.flatMap((h) => h.targets))];
      const depends = [...new Set(hits.flatMap((h) => h.depends))];
      const cpuset = targets.some((t) => inCpuset(t, mounts?.hierarchies));
      out.push({
        subject: unit.name,
        message: `${unit.name} creates ${plural(targets.length, 'cgroup directory', 'cgroup directories')} before it starts: ${listSome(targets, 5)}.${cpuset ? ' A cpuset directory made this way has empty cpuset.cpus and cpuset.mems.' : ''}${depends.length > 0 ? ` cgdoctor cannot tell whether it does: that depends on ${listSome(depends, 3)}.` : ''}`,
        evidence: hits.map(({ d }) => ({ path: d.path, line: d.line, excerpt: `ExecStartPre=${d.value}` })),
        remediation: `Delete ${hits.length === 1 ? 'this line' : 'these lines'} from ${[...new Set(hits.map((h) => h.d.path))].map((p) => `/${p}`).join(', ')}, run \`systemctl daemon-reload\`, fix or remove the directories already made (CG001), and restart ${unit.name}.`,
      });
    }
    return out;
  },
});
