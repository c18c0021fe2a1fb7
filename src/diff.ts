import type { FactStore } from './collect/index.js';
import type { Finding } from './engine.js';
import type { ScanResult } from './scan.js';
import { dirOf } from './collect/cgroup-paths.js';
import { knownDriver } from './collect/runtime.js';
import { SHOWN_SETTINGS } from './summary.js';
import { knownCgroupSettings, knownSetting, podRootsOf } from './collect/kubelet.js';
import { systemdPath } from './collect/parse/proc-cgroup.js';

/** The facts two nodes are compared on, as flat name -> value pairs ("" when absent). */
function nodeFacts(store: FactStore): Map<string, string> {
  const out = new Map<string, string>();
  const mounts = store.get('mounts');
  out.set('layout', mounts.ok ? mounts.value.layout : '(no mountinfo)');
  if (mounts.ok) {
    out.set('hierarchies', mounts.value.hierarchies.map((h) => h.key).join(' '));
    out.set('mountinfo lines', String(mounts.value.lineCount));
  }
  const unified = store.get('unified');
  if (unified.ok) out.set('v2 root controllers', unified.value.root.controllers.join(' '));
  const v = store.get('kubeletVersion');
  out.set('kubelet version', v.ok ? v.value.text : '(unknown)');
  const k = store.get('kubelet');
  if (k.ok) {
    // The header's cgroup settings, and the manager policies a checkpoint must agree with.
    for (const name of [...SHOWN_SETTINGS, 'cpuManagerPolicy', 'memoryManagerPolicy'] as const) {
      const setting = knownSetting(k.value, name);
      if (!setting) {
        out.set(`kubelet ${name}`, '(unknown)');
        continue;
      }
      const value = Array.isArray(setting.value) ? setting.value.join(',') : String(setting.value);
      out.set(`kubelet ${name}`, `${value === '' ? '(unset)' : value}${setting.origin === 'default' ? ' (default)' : ''}`);
    }
    out.set('kubelet flags from', k.value.flagsFrom);
  } else out.set('kubelet', '(not found)');
  const rt = store.get('runtime');
  if (rt.ok && rt.value.active) {
    out.set('runtime', rt.value.active.name);
    out.set('runtime cgroup driver', knownDriver(rt.value.active)?.driver ?? '(unknown)');
  } else out.set('runtime', '(not found)');
  const procs = store.get('processes');
  if (procs.ok) {
    out.set('init', procs.value.init?.comm ?? '(unknown)');
    for (const p of [procs.value.kubelet, ...procs.value.runtimes]) {
      const m = p?.cgroup ? systemdPath(p.cgroup) : undefined;
      if (p && m) out.set(`${p.comm} cgroup`, m.path);
    }
  }
  // cpuset values of the cgroups seed 000 turned on: the system cgroups and the pods root.
  const cpusetH = mounts.ok ? mounts.value.hierarchies.find((h) => h.version === 1 && h.controllers.includes('cpuset')) : undefined;
  const paths = new Set(['/', '/system.slice', '/system.slice/kubelet.service']);
  for (const { setting } of knownCgroupSettings(k.ok ? k.value : undefined)) paths.add(setting.value);
  if (k.ok) for (const p of podRootsOf(k.value)) paths.add(p.root);
  for (const p of paths) {
    if (cpusetH) {
      const dir = dirOf(cpusetH, p);
      for (const f of ['cpuset.cpus', 'cpuset.mems']) {
        const r = dir === undefined ? undefined : store.host.read(`${dir}/${f}`);
        out.set(`${f} ${p}`, r === undefined ? '(not visible)' : r.ok ? r.text.trim() || '(empty)' : '(no such cgroup)');
      }
    } else if (unified.ok) {
      const c = unified.value.cgroups.find((x) => x.path === p);
      out.set(`cpuset.cpus.effective ${p}`, c ? (c.cpusEffective ?? '(no cpuset)') || '(empty)' : '(not read)');
    }
  }
  return out;
}

export interface NodeDiff {
  a: { root: string; layout: string };
  b: { root: string; layout: string };
  onlyA: Finding[];
  onlyB: Finding[];
  both: Array<{ rule: string; subject: string }>;
  facts: Array<{ fact: string; a: string; b: string }>;
}

const key = (f: Finding) => `${f.rule}\0${f.subject}`;
const bare = (v: string | undefined) => (v ?? '').replace(/ \(default\)$/, '');

/** What differs between two scans: findings on one side only, and facts with other values. */
export function diffNodes(a: { result: ScanResult; store: FactStore }, b: { result: ScanResult; store: FactStore }): NodeDiff {
  const inA = new Map(a.result.findings.map((f) => [key(f), f]));
  const inB = new Map(b.result.findings.map((f) => [key(f), f]));
  const fa = nodeFacts(a.store);
  const fb = nodeFacts(b.store);
  const names = [...new Set([...fa.keys(), ...fb.keys()])];
  return {
    a: { root: a.result.root, layout: a.result.layout },
    b: { root: b.result.root, layout: b.result.layout },
    onlyA: a.result.findings.filter((f) => !inB.has(key(f))),
    onlyB: b.result.findings.filter((f) => !inA.has(key(f))),
    both: a.result.findings.filter((f) => inB.has(key(f))).map((f) => ({ rule: f.rule, subject: f.subject })),
    // A default and the same value set explicitly do not differ.
    facts: names.filter((n) => bare(fa.get(n)) !== bare(fb.get(n))).map((n) => ({ fact: n, a: fa.get(n) ?? '(absent)', b: fb.get(n) ?? '(absent)' })),
  };
}
