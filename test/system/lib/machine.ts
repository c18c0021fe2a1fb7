import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseMountinfo } from '../../../src/collect/parse/mountinfo.js';
import { mountKeys, v1Controllers } from '../../../src/collect/mounts.js';

/**
 * What the real-kernel suite reads about the machine it runs on: this process's cgroup mounts,
 * processes by pid and start time, and a snapshot of everything the suite could leave behind.
 * Nothing here writes.
 */

/** The environment variable every process the suite starts carries: how a killed run's strays are found. */
export const MARKER = 'CGDOCTOR_SYSTEST_RUN';

export interface CgroupMount {
  /** As cgdoctor names it: `cpu`, `cpu,cpuacct`, `name=systemd`, `unified`. */
  key: string;
  version: 1 | 2;
  controllers: string[];
  name?: string;
  dir: string;
  rw: boolean;
}

/** The cgroup mounts of this process's mount namespace, whole trees only (root `/`), one per hierarchy. */
export function cgroupMounts(table = fs.readFileSync('/proc/self/mountinfo', 'utf8')): CgroupMount[] {
  const out = new Map<string, CgroupMount>();
  // The project's own parser: the harness and the scan agree on what a mount line says.
  for (const mt of parseMountinfo(table).mounts) {
    if (mt.root !== '/') continue;
    const rw = mt.options.includes('rw');
    let m: CgroupMount;
    if (mt.fstype === 'cgroup2') m = { key: 'unified', version: 2, controllers: [], dir: mt.mountpoint, rw };
    else {
      const { controllers, name } = v1Controllers(mt);
      m = { key: mountKeys(mt).join(','), version: 1, controllers, ...(name !== undefined ? { name } : {}), dir: mt.mountpoint, rw };
    }
    if (!out.has(m.key)) out.set(m.key, m);
  }
  return [...out.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export function mountOf(key: string): CgroupMount | undefined {
  return cgroupMounts().find((m) => m.key === key);
}

/** Why the suite cannot make cgroups in a hierarchy, or undefined when it can. */
export function unwritable(key: string): string | undefined {
  const m = mountOf(key);
  if (!m) return `no ${key === 'unified' ? 'cgroup2' : `v1 ${key}`} hierarchy is mounted`;
  if (!m.rw) return `${m.dir} is mounted read-only`;
  try {
    fs.accessSync(m.dir, fs.constants.W_OK);
  } catch (err) {
    return `${m.dir} is not writable (${(err as NodeJS.ErrnoException).code})`;
  }
  return undefined;
}

/** `/proc/<pid>/stat`: its state letter and start time (clock ticks since boot), which tell a reused pid apart. */
export function procStat(pid: number): { state: string; start: string } | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: f[0]!, start: f[19]! };
  } catch {
    return undefined;
  }
}

/** True while `pid` is still the process that started at `start` and has not exited (a zombie has). */
export function sameProcess(pid: number, start: string): boolean {
  const s = procStat(pid);
  return s !== undefined && s.start === start && s.state !== 'Z' && s.state !== 'X';
}

/** Live processes whose environment carries the marker (of one run, or of any run), never this one. */
export function markedProcesses(run?: string): number[] {
  const out: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    let env: string;
    try {
      env = fs.readFileSync(`/proc/${name}/environ`, 'latin1');
    } catch {
      continue;
    }
    const vars = env.split('\0');
    const hit = run === undefined ? vars.some((v) => v.startsWith(`${MARKER}=`)) : vars.includes(`${MARKER}=${run}`);
    if (hit && procStat(Number(name))?.state !== 'Z') out.push(Number(name));
  }
  return out;
}

/** Every cgroup directory of every hierarchy, as absolute paths. */
function cgroupDirs(mounts = cgroupMounts()): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    out.push(dir);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // removed while walked: the machine's own churn
    }
    for (const e of entries) if (e.isDirectory()) walk(path.join(dir, e.name));
  };
  for (const m of mounts) walk(m.dir);
  return out.sort();
}

/** What the suite could leave behind: mounts, the hierarchies this process is listed in, cgroup directories. */
export interface Snapshot {
  mountinfo: string[];
  selfCgroup: string[];
  mounts: CgroupMount[];
  dirs: string[];
}

/** Mount ids and peer groups stay; only the per-line text matters, and this process's own cgroup (it moves nowhere). */
export function snapshot(): Snapshot {
  const mounts = cgroupMounts();
  return {
    mountinfo: fs.readFileSync('/proc/self/mountinfo', 'utf8').split('\n').filter(Boolean),
    selfCgroup: fs
      .readFileSync('/proc/self/cgroup', 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => l.replace(/:[^:]*$/, '')),
    mounts,
    dirs: cgroupDirs(mounts),
  };
}

/** The names everything the suite makes carries, whichever run made it. */
const SUITE_NAME = /cgdoctor-systest-|cgdsys/;

/**
 * What changed between two snapshots that the suite could have caused. The machine changes on its
 * own below its own cgroups (this VM's init makes one memory cgroup per command it runs), so a
 * change deeper than a hierarchy's top level counts only under a top-level directory that is new,
 * gone, or named like the suite's; a change at the top level always counts.
 */
export function changes(before: Snapshot, after: Snapshot): string[] {
  const out: string[] = [];
  const diff = (what: string, a: string[], b: string[]) => {
    const sa = new Set(a);
    const sb = new Set(b);
    for (const x of b) if (!sa.has(x)) out.push(`${what} added: ${x}`);
    for (const x of a) if (!sb.has(x)) out.push(`${what} removed: ${x}`);
  };
  diff('mount', before.mountinfo, after.mountinfo);
  diff('hierarchy in /proc/self/cgroup', before.selfCgroup, after.selfCgroup);
  const tops = (s: Snapshot) => {
    const set = new Set<string>();
    for (const m of s.mounts) for (const d of s.dirs) if (path.dirname(d) === m.dir) set.add(d);
    return set;
  };
  const topBefore = tops(before);
  const topAfter = tops(after);
  const counts = (d: string) => {
    const m = after.mounts.find((x) => d.startsWith(`${x.dir}/`)) ?? before.mounts.find((x) => d.startsWith(`${x.dir}/`));
    if (!m) return true;
    const top = path.join(m.dir, d.slice(m.dir.length + 1).split('/')[0]!);
    return top === d || !topBefore.has(top) || !topAfter.has(top) || SUITE_NAME.test(top) || SUITE_NAME.test(d);
  };
  diff('cgroup', before.dirs.filter(counts), after.dirs.filter(counts));
  return out;
}

/** A command's path, or undefined when it is not installed. */
export function which(cmd: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '/usr/sbin:/usr/bin:/sbin:/bin').split(':')) {
    const p = path.join(dir, cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // next
    }
  }
  return undefined;
}

let unshareWorks: string | undefined | null = null;

/** Why `unshare -m` cannot make a private mount namespace here, or undefined when it can. */
export function noPrivateMounts(): string | undefined {
  if (unshareWorks === null) {
    if (!which('unshare')) unshareWorks = 'unshare (util-linux) is not installed';
    else {
      const r = spawnSync('unshare', ['-m', '--propagation', 'private', 'true'], { encoding: 'utf8' });
      unshareWorks = r.status === 0 ? undefined : `unshare -m fails here: ${(r.stderr || r.error?.message || '').trim()}`;
    }
  }
  return unshareWorks;
}

export const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
