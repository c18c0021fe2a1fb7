import type { CollectContext, Fact, Hierarchy, Layout, MountFacts } from './facts.js';
import { missing, present } from './facts.js';
import type { Mount } from './parse/mountinfo.js';
import { MountinfoParser } from './parse/mountinfo.js';
import { describeFailure, isUnknowable, normalizePath } from '../host/host.js';

/** Super options of a v1 cgroup mount that are not controllers. */
const NOT_CONTROLLERS = new Set(['rw', 'ro', 'xattr', 'noprefix', 'clone_children', 'cpuset_v2_mode', 'favordynmods', 'seclabel', 'none', 'all', 'nsdelegate']);

export function v1Controllers(m: Mount): { controllers: string[]; name?: string } {
  const controllers: string[] = [];
  let name: string | undefined;
  for (const o of m.superOptions) {
    if (o.startsWith('name=')) name = o.slice(5);
    else if (o !== '' && !o.includes('=') && !NOT_CONTROLLERS.has(o)) controllers.push(o);
  }
  return { controllers: controllers.sort(), ...(name !== undefined ? { name } : {}) };
}

/** The super-option keys a v1 mount answers to, as containerd matches them. */
export function mountKeys(m: Mount): string[] {
  const { controllers, name } = v1Controllers(m);
  return name !== undefined ? [...controllers, `name=${name}`] : controllers;
}

function hierarchies(mounts: Mount[]): Hierarchy[] {
  const byKey = new Map<string, Mount[]>();
  for (const m of mounts) {
    let key: string;
    if (m.fstype === 'cgroup2') key = 'unified';
    else {
      const { controllers, name } = v1Controllers(m);
      key = [...controllers, ...(name !== undefined ? [`name=${name}`] : [])].join(',');
      if (key === '') continue;
    }
    const list = byKey.get(key) ?? [];
    list.push(m);
    byKey.set(key, list);
  }
  const out: Hierarchy[] = [];
  for (const [key, ms] of byKey) {
    // Every mount of a hierarchy shows the same tree: read the one a capture has, under
    // /sys/fs/cgroup, preferring a mount of the whole tree; else the shortest, as kubelet picks.
    const rank = (m: Mount) => Number(m.root !== '/') * 2 + Number(!m.mountpoint.startsWith('/sys/fs/cgroup'));
    const chosen = [...ms].sort((a, b) => rank(a) - rank(b) || a.mountpoint.length - b.mountpoint.length)[0]!;
    const v1 = chosen.fstype === 'cgroup' ? v1Controllers(chosen) : { controllers: [] as string[] };
    out.push({
      version: chosen.fstype === 'cgroup2' ? 2 : 1,
      key,
      controllers: v1.controllers,
      ...('name' in v1 && v1.name !== undefined ? { name: v1.name } : {}),
      dir: normalizePath(chosen.mountpoint),
      mount: chosen,
      mounts: ms,
    });
  }
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export function detectLayout(hs: Hierarchy[]): Layout {
  const unified = hs.filter((h) => h.version === 2);
  const v1 = hs.filter((h) => h.version === 1 && h.controllers.length > 0);
  if (unified.some((h) => h.dir === 'sys/fs/cgroup')) return 'v2';
  if (v1.length > 0) return unified.length > 0 ? 'hybrid' : 'v1';
  if (unified.length > 0) return 'v2';
  return 'unknown';
}

/**
 * The node's mount table is pid 1's. The scanner's own is read only when pid 1's is absent: in a
 * pod with hostPID and the node at /host, /host/proc/self is the scanner inside its container,
 * whose table repeats the node's cgroup mounts under /host/sys/fs/cgroup.
 */
const MOUNTINFO = [
  { path: 'proc/1/mountinfo', whose: "pid 1's (the node's view)" },
  { path: 'proc/self/mountinfo', whose: "the scanner's own (proc/1/mountinfo is absent)" },
] as const;

/** Generous: real leaks reach a million lines; past this, lines are only counted. */
const DEFAULT_MAX_MOUNT_LINES = 2_000_000;

function top(m: Map<string, number>, n = 5): Array<{ key: string; count: number }> {
  return [...m.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, n)
    .map(([key, count]) => ({ key, count }));
}

/** Streams mountinfo: a million leaked mounts are counted, never held in memory at once. */
export function collectMounts(ctx: CollectContext): Fact<MountFacts> {
  for (const { path, whose } of MOUNTINFO) {
    const parser = new MountinfoParser({ path, maxLines: ctx.context.maxMountLines ?? DEFAULT_MAX_MOUNT_LINES });
    const r = ctx.host.readStream(path, (chunk) => parser.push(chunk), { denial: 'handled' });
    if (!r.ok) {
      // Unreadable is not absent: falling back to our own table would describe another view.
      if (isUnknowable(r)) return missing(`could not read ${path}: ${describeFailure(r)}`);
      continue;
    }
    const table = parser.end();
    table.warnings.forEach(ctx.warn);
    if (table.truncated)
      ctx.partial(
        'mounts',
        `${path} has ${table.lineCount} lines, more than --max-mount-lines ${ctx.context.maxMountLines ?? DEFAULT_MAX_MOUNT_LINES}: the lines past it were counted, not read`,
      );
    const hs = hierarchies(table.mounts);
    return present({
      path,
      whose,
      lineCount: table.lineCount,
      topSources: top(table.sources),
      topTargets: top(table.targets),
      cgroupMounts: table.mounts,
      hierarchies: hs,
      layout: detectLayout(hs),
    });
  }
  return missing(`${MOUNTINFO.map((m) => m.path).join(' and ')} not found`);
}
