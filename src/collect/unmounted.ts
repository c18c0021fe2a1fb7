import type { CollectContext, Fact, ProcessInfo, UnmountedHierarchy } from './facts.js';
import { present } from './facts.js';
import { mountKeys } from './mounts.js';
import { parseComm } from './parse/cmdline.js';
import { parseProcCgroup, type CgroupMembership } from './parse/proc-cgroup.js';

/** Pinning processes named in full; past this they are counted. */
const MAX_PINNED = 50;

const keysOf = (m: CgroupMembership) => [...m.controllers, ...(m.name !== undefined ? [`name=${m.name}`] : [])];
const excerpt = (m: CgroupMembership) => `${m.hierarchyId}:${keysOf(m).join(',')}:${m.path}`;

/**
 * v1 hierarchies the kernel still lists in /proc/<pid>/cgroup with no cgroup mount left, and
 * what keeps each alive. On a real kernel every process is listed in every hierarchy, at `/`
 * unless it was moved below, so pid 1's file shows them all; only processes below the root
 * pin a hierarchy, and finding them costs a read of every /proc/<pid>/cgroup, done only when
 * there is something to find.
 */
export function collectUnmounted(ctx: CollectContext): Fact<UnmountedHierarchy[]> {
  const mounts = ctx.get('mounts');
  if (!mounts.ok) return mounts;
  const procs = ctx.get('processes');
  if (!procs.ok) return procs;
  const mounted = new Set(mounts.value.cgroupMounts.filter((m) => m.fstype === 'cgroup').flatMap(mountKeys));
  const p = procs.value;
  const known = [p.init, p.kubelet, ...p.runtimes].filter((x): x is ProcessInfo => !!x?.cgroup).map((x) => ({ who: `${x.comm} (pid ${x.pid})`, cg: x.cgroup! }));
  if (p.self) known.push({ who: 'the scanner', cg: p.self });
  const byHierarchy = new Map<number, UnmountedHierarchy>();
  for (const { who, cg } of known) {
    for (const e of cg.entries) {
      if (e.unified) continue;
      const missing = keysOf(e).filter((k) => !mounted.has(k));
      if (missing.length === 0) continue;
      const h = byHierarchy.get(e.hierarchyId) ?? {
        key: missing.join(','),
        table: mounts.value.path,
        keys: missing,
        listed: [],
        pinned: [],
        pinnedCount: 0,
        scanned: 0,
        unreadable: 0,
      };
      h.listed.push({ who, path: cg.path, line: e.line, excerpt: excerpt(e) });
      byHierarchy.set(e.hierarchyId, h);
    }
  }
  const found = [...byHierarchy.values()];
  if (found.length === 0) return present([]);
  const ids = new Map([...byHierarchy].map(([id, h]) => [id, h]));
  const pids = (ctx.host.list('proc') ?? [])
    .filter((e) => e.type === 'dir' && /^\d+$/.test(e.name))
    .map((e) => Number(e.name))
    .sort((a, b) => a - b);
  for (const pid of pids) {
    const path = `proc/${pid}/cgroup`;
    // A pin list is a guide to the fix, not what decides the finding: an unreadable file is counted.
    const r = ctx.host.read(path, { denial: 'handled' });
    if (!r.ok) {
      if (r.reason === 'denied' || r.reason === 'error') for (const h of found) h.unreadable++;
      continue;
    }
    for (const h of found) h.scanned++;
    for (const e of parseProcCgroup(r.text, path).entries) {
      const h = ids.get(e.hierarchyId);
      if (!h || e.unified || e.path === '/') continue;
      h.pinnedCount++;
      if (h.pinned.length >= MAX_PINNED) continue;
      const comm = ctx.host.read(`proc/${pid}/comm`, { denial: 'handled' });
      h.pinned.push({ pid, comm: comm.ok ? parseComm(comm.text) : '?', cgroup: e.path, path, line: e.line, excerpt: excerpt(e) });
    }
  }
  return present(found);
}
