import type { CgroupPresence, KubeletFacts, KubeletSettings, Setting } from '../collect/facts.js';
import type { DriverSetting } from '../collect/parse/runtime-config.js';
import { dirOf } from '../collect/cgroup-paths.js';
import type { CgroupMembership } from '../collect/parse/proc-cgroup.js';
import type { Evidence } from './define.js';
import type { Source } from '../collect/parse/diagnostic.js';

import { CGROUP_SETTINGS, type CgroupSettingName } from '../collect/kubelet.js';

export type { CgroupSettingName };

/** The cgroup settings that are set, with their names; an unknown one skips the rule asking. */
export function setCgroupSettings(s: KubeletSettings): Array<{ name: CgroupSettingName; setting: Setting<string> }> {
  return CGROUP_SETTINGS.filter((n) => s[n].value !== '').map((name) => ({ name, setting: s[name] }));
}

/** The enforceNodeAllocatable entry that makes kubelet use a reserved cgroup setting, or undefined for the others. */
export function enforcedBy(name: CgroupSettingName): 'kube-reserved' | 'system-reserved' | undefined {
  return name === 'kubeReservedCgroup' ? 'kube-reserved' : name === 'systemReservedCgroup' ? 'system-reserved' : undefined;
}

/** Evidence for where a value was read (a file and line, what it says), or none when nothing was. */
export function sourceEvidence(source: Source | undefined): Evidence[] {
  if (!source) return [];
  return [{ path: source.path, ...(source.line !== undefined ? { line: source.line } : {}), excerpt: source.excerpt ?? '' }];
}

/** Evidence for a kubelet setting: the flag or config line, or a note that it is the default. */
export function settingEvidence(s: Setting<unknown>): Evidence[] {
  return sourceEvidence(s.source);
}

/** `--kubelet-cgroups="/x"` or `kubeletCgroups: "/x"`, as the user wrote it. */
export function showSetting(s: Setting<unknown>): string {
  const v = JSON.stringify(s.value);
  return s.key.startsWith('--') ? `${s.key}=${v}` : `${s.key}: ${v}`;
}

/**
 * Whether a flag setting holds the value the distribution passes itself (k0s's hard-coded
 * --runtime-cgroups): the operator did not choose it and cannot change it on the node.
 */
export function setByDistribution(k: KubeletFacts, s: Setting<unknown>): boolean {
  return s.origin === 'flag' && k.ownFlags.get(s.key.replace(/^--/, ''))?.value === String(s.value);
}

/** The controller-list keys of a membership line: `cpu`, `cpuacct`, `name=systemd`. */
function membershipKeys(m: CgroupMembership): string[] {
  return [...m.controllers, ...(m.name !== undefined ? [`name=${m.name}`] : [])];
}

/** Evidence for one line of a /proc/<pid>/cgroup file. */
export function membershipEvidence(path: string, m: CgroupMembership): Evidence {
  return { path, line: m.line, excerpt: `${m.hierarchyId}:${membershipKeys(m).join(',')}:${m.path}` };
}

/** A node path for messages: root-relative `sys/fs/cgroup/x` shown as `/sys/fs/cgroup/x`. */
export const nodePath = (rel: string): string => `/${rel}`;

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Lists at most `max` items and says how many more there were. */
export function listSome(items: string[], max = 10): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

/** Evidence that a cgroup is missing: the first few directories looked for and not found. */
export function missingDirEvidence(presence: CgroupPresence, cgroupPath: string, missing: string[], max = 3): Evidence[] {
  return presence.checked
    .filter((h) => missing.includes(h.key))
    .slice(0, max)
    .map((h) => ({ path: dirOf(h, cgroupPath) ?? h.dir, excerpt: 'directory does not exist' }));
}

/** Evidence for a runtime's cgroup driver: the line that set it, or none for a default. */
export function driverEvidence(d: DriverSetting): Evidence[] {
  return d.path ? [{ path: d.path, ...(d.line !== undefined ? { line: d.line } : {}), excerpt: d.origin }] : [];
}
