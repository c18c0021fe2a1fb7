import type { CollectContext, Fact, UnifiedFacts, V2Cgroup } from './facts.js';
import { missing, present } from './facts.js';
import { cgroupPathOf, cleanCgroupPath, dirOf } from './cgroup-paths.js';
import { knownCgroupSettings, podRootsOf } from './kubelet.js';
import { systemdPath } from './parse/proc-cgroup.js';
import { splitLines } from './parse/diagnostic.js';
import { podUid } from './cgroupfs.js';

const words = (t: string | undefined) => (t ?? '').split(/\s+/).filter(Boolean);

/**
 * One cgroup's files, as many as the rules need for its role. A pod cgroup is read lightly: on a
 * 500-pod node its reads are most of a scan's I/O.
 * - A pod with no processes is its cgroup.procs alone. Only a pod holding processes can be the
 *   inner cgroup with processes that CG031 reports, and only then do its children and
 *   cgroup.subtree_control matter.
 * - A pod's effective cpusets are read only where its parent's is empty. On v2 a cgroup whose own
 *   cpus and its parent's effective ones do not meet inherits the parent's effective mask (kernel
 *   commit 554b0d1c845e, "cpuset: inherit ancestor's masks if effective_{cpus,mems} becomes
 *   empty"), so under a parent with CPUs left a pod's can never be empty (CG001).
 */
function readCgroup(ctx: CollectContext, dir: string, path: string, role: V2Cgroup['role'], parent?: V2Cgroup): V2Cgroup | undefined {
  const count = (t: string) => splitLines(t).filter((l) => l.trim() !== '').length;
  const pod = role === 'pod';
  const first = pod ? ctx.host.read(`${dir}/cgroup.procs`) : undefined;
  if (first?.ok && count(first.text) === 0 && parent?.cpusEffective !== '' && parent?.memsEffective !== '') return { role, path, dir, controllers: [], procs: 0 };
  const entries = ctx.host.list(dir);
  if (!entries) return undefined;
  const names = new Set(entries.map((e) => e.name));
  const read = (f: string) => {
    if (!names.has(f)) return undefined;
    const r = ctx.host.read(`${dir}/${f}`);
    return r.ok ? r.text : undefined;
  };
  // A pod's cgroup.procs was read above; read again only if that failed.
  const text = first?.ok ? first.text : read('cgroup.procs');
  const procs = text === undefined ? 0 : count(text);
  // Only the path down to the QoS cgroups needs controllers and type (CG015); pods and system
  // cgroups skip two reads each, which on a 500-pod node is a thousand reads.
  const onPath = role === 'root' || role === 'path' || role === 'qos';
  const type = onPath ? read('cgroup.type')?.trim() : undefined;
  const cpus = !pod || parent?.cpusEffective === '' ? read('cpuset.cpus.effective') : undefined;
  const mems = !pod || parent?.memsEffective === '' ? read('cpuset.mems.effective') : undefined;
  return {
    role,
    path,
    dir,
    controllers: onPath ? words(read('cgroup.controllers')) : [],
    ...(!pod || procs > 0 ? { subtreeControl: words(read('cgroup.subtree_control')) } : {}),
    ...(type ? { type } : {}),
    procs,
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
  const visit = (path: string, role: V2Cgroup['role'], parent?: V2Cgroup) => {
    const p = cleanCgroupPath(path);
    if (seen.has(p)) return undefined;
    seen.add(p);
    const dir = dirOf(h, p);
    const c = dir === undefined ? undefined : readCgroup(ctx, dir, p, role, parent);
    if (c) cgroups.push(c);
    return c;
  };
  // The path from the root down to the pods root (cgroupRoot may nest it).
  const parts = pods.root.split('/').filter(Boolean);
  for (let i = 1; i <= parts.length; i++) visit(`/${parts.slice(0, i).join('/')}`, 'path');
  const podsRoot = cgroups.find((c) => c.path === pods.root);
  for (const q of pods.qos) {
    const qc = visit(q, 'qos');
    for (const child of qc?.children ?? []) if (podUid(child)) visit(`${q}/${child}`, 'pod', qc);
  }
  for (const child of podsRoot?.children ?? []) if (podUid(child)) visit(`${pods.root}/${child}`, 'pod', podsRoot);
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
