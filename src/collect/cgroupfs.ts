import type { FactName, CgroupPresence, CollectContext, CpusetCgroup, CpusetFacts, Fact, Hierarchy, HierarchyRoot, PodCgroup, PodCgroups, TripletCgroup } from './facts.js';
import { normalizePath, type Entry } from '../host/host.js';
import { missing, present } from './facts.js';
import { cgroupPathOf, cleanCgroupPath, dirOf, podCgroups, reservedCgroupPath } from './cgroup-paths.js';
import { splitLines } from './parse/diagnostic.js';
import { knownSetting, podRootsOf } from './kubelet.js';

/** The mounted v1 hierarchy of a controller, present in the scanned tree. */
function v1Hierarchy(ctx: CollectContext, controller: string): Fact<Hierarchy> {
  const mounts = ctx.get('mounts');
  if (!mounts.ok) return mounts;
  const h = mounts.value.hierarchies.find((x) => x.version === 1 && x.controllers.includes(controller));
  if (!h) return missing(`no v1 ${controller} hierarchy is mounted`);
  if (!ctx.host.isDir(h.dir)) return missing(`${h.dir} is not in the scanned tree`);
  return present(h);
}

/** Generous: a node leaking 65k memory cgroups still gets walked in full. */
const DEFAULT_MAX_CGROUPS = 250_000;

/**
 * Visits every cgroup directory below `top` once, listing each directory once. A cgroup removed
 * between its parent's listing and its own is skipped, not an error: on a live node they vanish.
 * Past --max-cgroups the walk stops and the fact is marked partial.
 */
function walkCgroups(ctx: CollectContext, fact: FactName, top: string, visit?: (dir: string, entries: Entry[]) => void): number {
  const max = ctx.context.maxCgroups ?? DEFAULT_MAX_CGROUPS;
  const stack = [top];
  let n = 0;
  while (stack.length > 0) {
    const dir = stack.pop()!;
    // A walk that reads no files needs only the child directories, which other walks share.
    const listed = visit ? ctx.host.listing(dir) : ctx.subdirs(dir);
    if (!listed.ok) {
      // Listed by its parent a moment ago, gone now: a cgroup removed while the walk ran. (One
      // that cannot be read is no race: the seam has already marked the walk incomplete.)
      if (dir !== top && (listed.reason === 'missing' || listed.reason === 'vanished')) ctx.vanished('cgroups');
      continue;
    }
    if (++n > max) {
      ctx.partial(fact, `the walk of ${top} stopped at --max-cgroups ${max}`);
      return n - 1;
    }
    if (n % 2000 === 0) ctx.context.onProgress?.(`walking ${top}`, n);
    if ('entries' in listed) {
      visit?.(dir, listed.entries);
      for (const e of listed.entries) if (e.type === 'dir') stack.push(`${dir}/${e.name}`);
    } else for (const name of listed.names) stack.push(`${dir}/${name}`);
  }
  return n;
}

/**
 * Walks the v1 cpuset hierarchy reading cpuset.cpus and cpuset.mems once per cgroup, and
 * cgroup.procs only where a value is empty (to tell a used cgroup from an idle one).
 */
export function collectCpuset(ctx: CollectContext): Fact<CpusetFacts> {
  const hf = v1Hierarchy(ctx, 'cpuset');
  if (!hf.ok) return hf;
  const h = hf.value;
  const empty: CpusetCgroup[] = [];
  let walked = 0;
  walkCgroups(ctx, 'cpuset', h.dir, (dir, entries) => {
    walked++;
    const names = new Set(entries.map((e) => e.name));
    const found: CpusetCgroup['empty'] = [];
    for (const file of ['cpuset.cpus', 'cpuset.mems'] as const) {
      if (!names.has(file)) continue;
      const r = ctx.host.read(`${dir}/${file}`);
      if (r.ok && r.text.trim() === '') found.push(file);
    }
    if (found.length > 0) {
      const procs = ctx.host.read(`${dir}/cgroup.procs`);
      const count = procs.ok ? splitLines(procs.text).filter((l) => l.trim() !== '').length : 0;
      empty.push({ path: cgroupPathOf(h, dir), dir, empty: found, procs: count });
    }
  });
  empty.sort((a, b) => (a.path < b.path ? -1 : 1));
  return present({ hierarchy: h, walked, empty });
}

/** The hierarchies kubelet's cgroup existence check consults (cgroup_manager_linux.go). */
const EXISTENCE_KEYS = ['cpu', 'cpuacct', 'cpuset', 'memory', 'pids', 'hugetlb'];

function existenceHierarchies(hs: Hierarchy[], layout: string): Hierarchy[] {
  if (layout === 'v2') return hs.filter((h) => h.version === 2);
  return hs.filter((h) => h.version === 1 && (h.name === 'systemd' || h.controllers.some((c) => EXISTENCE_KEYS.includes(c))));
}

/** Which hierarchies hold each cgroup kubelet is configured to use. */
export function collectPresence(ctx: CollectContext): Fact<CgroupPresence> {
  const mounts = ctx.get('mounts');
  if (!mounts.ok) return mounts;
  const kubelet = ctx.get('kubelet');
  if (!kubelet.ok) return kubelet;
  const checked = existenceHierarchies(mounts.value.hierarchies, mounts.value.layout).filter((h) => ctx.host.isDir(h.dir));
  if (checked.length === 0) return missing('no cgroup hierarchy directory is in the scanned tree');
  const s = kubelet.value.settings;
  const wanted = new Set<string>();
  for (const v of [s.kubeletCgroups, s.runtimeCgroups, s.systemCgroups, s.kubeReservedCgroup, s.systemReservedCgroup]) {
    if (v.value !== '') wanted.add(cleanCgroupPath(v.value));
  }
  // A reservation is enforced on the cgroup the driver makes of it, which may be another one.
  for (const v of [s.kubeReservedCgroup, s.systemReservedCgroup]) {
    const converted = v.value !== '' ? reservedCgroupPath(v.value, s.cgroupDriver.value) : undefined;
    if (converted) wanted.add(converted);
  }
  const pods = podCgroups(s.cgroupDriver.value, s.cgroupRoot.value);
  wanted.add(pods.root);
  for (const q of pods.qos) wanted.add(q);
  const paths = new Map<string, { present: string[]; missing: string[] }>();
  for (const p of wanted) {
    const entry = { present: [] as string[], missing: [] as string[] };
    for (const h of checked) {
      const dir = dirOf(h, p);
      (dir !== undefined && ctx.host.isDir(dir) ? entry.present : entry.missing).push(h.key);
    }
    paths.set(p, entry);
  }
  return present({ checked, paths });
}

/** systemd-style `<slice>:<prefix>:<id>` names used as cgroupfs directory names. */
export const TRIPLET = /^[^/:]+\.slice:[^/:]+:[^/]+$/;

/**
 * Looks three levels deep in every hierarchy for cgroups named in the systemd triplet form: at the
 * root, or under the runtime's own cgroup (runc resolves a relative path against its cgroup).
 * The pods tree is not entered: it is the big part of the tree and not where these end up.
 */
export function collectTriplets(ctx: CollectContext): Fact<TripletCgroup[]> {
  const mounts = ctx.get('mounts');
  if (!mounts.ok) return mounts;
  const hs = mounts.value.hierarchies.filter((h) => ctx.host.isDir(h.dir));
  if (hs.length === 0) return missing('no cgroup hierarchy directory is in the scanned tree');
  const byPath = new Map<string, TripletCgroup>();
  for (const h of hs) {
    const level = (dir: string, depth: number) => {
      const listed = ctx.subdirs(dir);
      for (const name of listed.ok ? listed.names : []) {
        const child = `${dir}/${name}`;
        if (TRIPLET.test(name)) {
          const parent = cgroupPathOf(h, dir);
          const key = `${parent}\0${name}`;
          const t = byPath.get(key) ?? { name, parent, dirs: [] };
          t.dirs.push(child);
          byPath.set(key, t);
        } else if (depth < 3 && !name.startsWith('kubepods')) level(child, depth + 1);
      }
    };
    level(h.dir, 1);
  }
  return present([...byPath.values()].sort((a, b) => (a.parent + a.name < b.parent + b.name ? -1 : 1)));
}

/** The cgroup directories at the root of every mounted hierarchy present in the tree. */
export function collectHierarchyRoots(ctx: CollectContext): Fact<HierarchyRoot[]> {
  const mounts = ctx.get('mounts');
  if (!mounts.ok) return mounts;
  const out: HierarchyRoot[] = [];
  for (const h of mounts.value.hierarchies) {
    const entries = ctx.host.list(h.dir);
    if (entries) out.push({ hierarchy: h, children: entries.filter((e) => e.type === 'dir').map((e) => e.name) });
  }
  if (out.length === 0) return missing('no cgroup hierarchy directory is in the scanned tree');
  return present(out);
}

/** Cgroup directories in the v1 memory hierarchy: directory listings only, no file reads. */
export function collectMemoryDirs(ctx: CollectContext): Fact<number> {
  const hf = v1Hierarchy(ctx, 'memory');
  if (!hf.ok) return hf;
  return present(walkCgroups(ctx, 'memoryCgroupDirs', hf.value.dir));
}

/** `pod<uid>` (cgroupfs) or `kubepods-<qos>-pod<uid_with_underscores>.slice` (systemd). */
export function podUid(name: string): string | undefined {
  const m = /^(?:kubepods(?:-[a-z]+)?-)?pod([0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12})(?:\.slice)?$/.exec(name);
  return m ? m[1]!.replaceAll('_', '-') : undefined;
}

/**
 * Pod-level cgroups (under the pods root and its QoS cgroups) in one hierarchy, and the pod
 * directories kubelet keeps under its root dir.
 */
export function collectPodCgroups(ctx: CollectContext): Fact<PodCgroups> {
  const mounts = ctx.get('mounts');
  if (!mounts.ok) return mounts;
  const hs = mounts.value.hierarchies;
  const h =
    (mounts.value.layout === 'v2' ? hs.find((x) => x.version === 2) : undefined) ??
    hs.find((x) => x.name === 'systemd') ??
    hs.find((x) => x.controllers.includes('memory')) ??
    hs.find((x) => x.version === 2);
  if (!h || !ctx.host.isDir(h.dir)) return missing('no cgroup hierarchy directory is in the scanned tree');
  const kubelet = ctx.get('kubelet');
  const roots = podRootsOf(kubelet.ok ? kubelet.value : undefined);
  const pods: PodCgroup[] = [];
  for (const r of roots) {
    for (const parent of [r.root, ...r.qos]) {
      const dir = dirOf(h, parent);
      if (dir === undefined) continue;
      for (const e of ctx.host.list(dir) ?? []) {
        const uid = e.type === 'dir' ? podUid(e.name) : undefined;
        if (uid) pods.push({ uid, path: `${parent}/${e.name}`, dir: `${dir}/${e.name}` });
      }
    }
  }
  const rootDir = normalizePath((kubelet.ok ? knownSetting(kubelet.value, 'rootDir')?.value : undefined) ?? '/var/lib/kubelet');
  const entries = ctx.host.list(`${rootDir}/pods`);
  return present({
    hierarchy: h,
    pods,
    ...(entries ? { kubeletPods: { dir: `${rootDir}/pods`, uids: new Set(entries.map((e) => e.name)) } } : {}),
  });
}
