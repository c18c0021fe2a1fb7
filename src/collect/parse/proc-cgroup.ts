import type { ParseWarning } from './diagnostic.js';
import { clip, splitLines } from './diagnostic.js';

/** One line of /proc/<pid>/cgroup: `hierarchy-id:controller-list:path` (cgroups(7)). */
export interface CgroupMembership {
  hierarchyId: number;
  /** Real controllers (`cpu`, `cpuacct`); empty for the unified line and for named hierarchies. */
  controllers: string[];
  /** The `name=` of a named v1 hierarchy (`systemd`, `cpu_mirror`). */
  name?: string;
  /** True for the `0::/path` line of the unified (v2) hierarchy. */
  unified: boolean;
  path: string;
  line: number;
}

export interface ProcCgroup {
  path: string;
  entries: CgroupMembership[];
  warnings: ParseWarning[];
}

export function parseProcCgroup(text: string, path = 'proc/self/cgroup'): ProcCgroup {
  const entries: CgroupMembership[] = [];
  const warnings: ParseWarning[] = [];
  splitLines(text).forEach((raw, i) => {
    const line = i + 1;
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (text.trim() === '') return;
    const c1 = text.indexOf(':');
    const c2 = c1 < 0 ? -1 : text.indexOf(':', c1 + 1);
    if (c2 < 0) {
      warnings.push({ path, line, message: `"${clip(text, 60)}" is not id:controllers:path, line ignored` });
      return;
    }
    const id = text.slice(0, c1);
    const list = text.slice(c1 + 1, c2);
    // The path is everything after the second colon: cgroup names may contain colons
    // (systemd-style `slice:prefix:id` names created by the cgroupfs driver).
    const cgPath = text.slice(c2 + 1);
    if (!/^\d+$/.test(id)) {
      warnings.push({ path, line, message: `hierarchy id "${clip(id, 40)}" is not a number, line ignored` });
      return;
    }
    if (cgPath === '') {
      warnings.push({ path, line, message: 'empty cgroup path, line ignored' });
      return;
    }
    const controllers: string[] = [];
    let name: string | undefined;
    for (const c of list.split(',')) {
      if (c === '') continue;
      if (c.startsWith('name=')) name = c.slice(5);
      else controllers.push(c);
    }
    const hierarchyId = Number(id);
    const unified = list === '';
    if (unified && hierarchyId !== 0) {
      warnings.push({ path, line, message: `empty controller list with hierarchy id ${hierarchyId} (the unified line has id 0); read as the unified hierarchy` });
    }
    entries.push({ hierarchyId, controllers, ...(name !== undefined ? { name } : {}), unified, path: cgPath, line });
  });
  return { path, entries, warnings };
}

/** The membership a v1 controller or `name=X` key resolves to, as containerd and runc look it up. */
export function membershipFor(pc: ProcCgroup, key: string): CgroupMembership | undefined {
  if (key.startsWith('name=')) return pc.entries.find((e) => e.name === key.slice(5));
  return pc.entries.find((e) => e.controllers.includes(key));
}

/** The path systemd manages the process under: the name=systemd line on v1, the unified line on v2. */
export function systemdPath(pc: ProcCgroup): CgroupMembership | undefined {
  return pc.entries.find((e) => e.name === 'systemd') ?? pc.entries.find((e) => e.unified);
}
