import type { CollectContext, Fact, UnifiedFacts, V2Cgroup } from './facts.js';
import { missing, present } from './facts.js';
import { cgroupPathOf, cleanCgroupPath, dirOf } from './cgroup-paths.js';
import { knownCgroupSettings, podRootsOf } from './kubelet.js';
import { systemdPath } from './parse/proc-cgroup.js';
import { splitLines } from './parse/diagnostic.js';
import { podUid } from './cgroupfs.js';

const words = (t: string | undefined) => (t ?? '').split(/\s+/).filter(Boolean);

function readCgroup(ctx: CollectContext, dir: string, path: string, role: V2Cgroup['role']): V2Cgroup | undefined {
  const entries = ctx.host.list(dir);
  if (!entries) return undefined;
  const names = new Set(entries.map((e) => e.name));
  const read = (f: string) => {
    if (!names.has(f)) return undefined;
    const r = ctx.host.read(`${dir}/${f}`);
    return r.ok ? r.text : undefined;
  };
  const procs = read('cgroup.procs');
  // Only the path down to the QoS cgroups needs controllers and type (CG015); pods and system
  // cgroups skip two reads each, which on a 500-pod node is a thousand reads.
  const onPath = role === 'root' || role === 'path' || role === 'qos';
  const type = onPath ? read('cgroup.type')?.trim() : undefined;
  const cpus = read('cpuset.cpus.effective');
  const mems = read('cpuset.mems.effective');
  return {
    role,
    path,
    dir,
    controllers: onPath ? words(read('cgroup.controllers')) : [],
    subtreeControl: words(read('cgroup.subtree_control')),
    ...(type ? { type } : {}),
    procs: procs === undefined ? 0 : splitLines(procs).filter((l) => l.trim() !== '').length,
    children: entries.filter((e) => e.type === 'dir').map((e) => e.name),
    ...(cpus !== undefined ? { cpusEffective: cpus.trim() } : {}),
    ...(mems !== undefined ? { memsEffective: mems.trim() } : {}),
  };
}

/**
 * The unified tree along kubelet's path: the root, the pods root, its QoS cgroups and the pod
 * cgroups below them, then the system cgroups of kubelet's settings and processes. Containers and
 * the rest of the tree are not read.
 */
export function collectUnified(ctx: CollectContext): Fact<UnifiedFacts> {
  const mounts = ctx.get('mounts');
  if (!mounts.ok) return mounts;
  if (mounts.value.layout !== 'v2') return missing(`the node is not on cgroup v2 (layout ${mounts.value.layout})`);
  const h = mounts.value.hierarchies.find((x) => x.version === 2)!;
  const root = readCgroup(ctx, h.dir, cgroupPathOf(h, h.dir), 'root');
  if (!root) return missing(`${h.dir} is not in the scanned tree`);
  const statText = ctx.host.read(`${h.dir}/cgroup.stat`);
  const stat: Record<string, number> = {};
  if (statText.ok) {
    for (const l of splitLines(statText.text)) {
      const [k, v] = l.trim().split(/\s+/);
      if (k && v && /^\d+$/.test(v)) stat[k] = Number(v);
    }
  }
  const kubelet = ctx.get('kubelet');
  const driverRoots = podRootsOf(kubelet.ok ? kubelet.value : undefined);
  const pods = driverRoots.find((p) => ctx.host.isDir(dirOf(h, p.root) ?? '')) ?? driverRoots[0]!;
  const seen = new Set<string>([root.path]);
  const cgroups: V2Cgroup[] = [root];
  const visit = (path: string, role: V2Cgroup['role']) => {
    const p = cleanCgroupPath(path);
    if (seen.has(p)) return undefined;
    seen.add(p);
    const dir = dirOf(h, p);
    const c = dir === undefined ? undefined : readCgroup(ctx, dir, p, role);
    if (c) cgroups.push(c);
    return c;
  };
  // The path from the root down to the pods root (cgroupRoot may nest it).
  const parts = pods.root.split('/').filter(Boolean);
  for (let i = 1; i <= parts.length; i++) visit(`/${parts.slice(0, i).join('/')}`, 'path');
  const podsRoot = cgroups.find((c) => c.path === pods.root);
  for (const q of pods.qos) {
    const qc = visit(q, 'qos');
    for (const child of qc?.children ?? []) if (podUid(child)) visit(`${q}/${child}`, 'pod');
  }
  for (const child of podsRoot?.children ?? []) if (podUid(child)) visit(`${pods.root}/${child}`, 'pod');
  // The system cgroups: kubelet's settings and where kubelet and the runtimes run.
  for (const { setting } of knownCgroupSettings(kubelet.ok ? kubelet.value : undefined)) visit(setting.value, 'system');
  const procs = ctx.get('processes');
  if (procs.ok) {
    for (const p of [procs.value.kubelet, ...procs.value.runtimes]) {
      const m = p?.cgroup ? systemdPath(p.cgroup) : undefined;
      if (m) visit(m.path, 'system');
    }
  }
  return present({ hierarchy: h, root, stat, cgroups, podsRoot: pods.root });
}
