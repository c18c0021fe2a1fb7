import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Run } from './journal.js';
import { MARKER, cgroupMounts, procStat, sleep, which, type CgroupMount } from './machine.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = path.join(ROOT, 'bin', 'cgdoctor.js');

/**
 * A daemon cgdoctor recognises by comm (kubelet, containerd) is this program under that name:
 * it ignores its arguments, so its cmdline says whatever the case needs, and sleeps until killed.
 */
const PAUSE_C = `#include <unistd.h>
int main(void) { for (;;) pause(); }
`;

/** Compiles the fake daemon into `dir/bin/<name>` for each name; undefined with why when gcc cannot. */
export function buildDaemons(dir: string, names: string[]): { bin: string } | { missing: string } {
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin, { recursive: true });
  fs.writeFileSync(path.join(dir, 'pause.c'), PAUSE_C);
  const first = path.join(bin, names[0]!);
  const r = spawnSync('gcc', ['-O2', '-o', first, path.join(dir, 'pause.c')], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return { missing: `gcc could not build the fake daemons: ${(r.error?.message ?? r.stderr).trim()}` };
  for (const n of names.slice(1)) fs.copyFileSync(first, path.join(bin, n));
  for (const n of names) fs.chmodSync(path.join(bin, n), 0o755);
  return { bin };
}

/**
 * Starts `bin` with `args`, with the run's marker, journaled by pid. It is started through a shell
 * that exits at once, so init is its parent: killed, it is reaped at once, as a daemon would be. A
 * child of this process would stay a zombie while the synchronous cleanup runs, and a zombie
 * still holds its cgroups (a named hierarchy cannot go while one of its cgroups is held).
 */
export function startDaemon(run: Run, bin: string, args: string[], comm = path.basename(bin)): number {
  const r = spawnSync('sh', ['-c', '"$@" </dev/null >/dev/null 2>&1 & echo $!', 'sh', bin, ...args], { encoding: 'utf8', env: run.env });
  const pid = Number(r.stdout.trim());
  if (r.status !== 0 || !Number.isInteger(pid) || pid <= 0) throw new Error(`could not start ${bin}: ${r.stderr}`);
  const stat = procStat(pid);
  if (!stat) throw new Error(`${bin} (pid ${pid}) exited at once`);
  run.record({ op: 'proc', pid, start: stat.start });
  const name = comm.slice(0, 15);
  const current = () => {
    try {
      return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    } catch {
      return '';
    }
  };
  // The shell forks, then the child execs: until it has, comm is still sh's.
  if (!until(() => current() === name)) throw new Error(`pid ${pid} has comm ${current()}, expected ${name}`);
  return pid;
}

/** Moves a process into a cgroup; the kernel's error, if any, is thrown as is. */
export function join(pid: number, cgroupDir: string): void {
  fs.writeFileSync(path.join(cgroupDir, 'cgroup.procs'), `${pid}\n`);
}

/** The cgroup directory of `rel` (`/a/b`) in a hierarchy. */
export const dirIn = (m: CgroupMount, rel: string) => path.join(m.dir, rel);

/**
 * Makes `rel` (`/a/b/c`, each level) in each hierarchy, journaled, cpuset values copied top-down
 * unless `emptyCpuset` (a plain mkdir, as an ExecStartPre= line does). Levels that already exist
 * belong to someone else, and this refuses them: the suite touches nothing it did not make.
 */
export function makeCgroups(run: Run, mounts: CgroupMount[], rel: string, o: { emptyCpuset?: boolean } = {}): string[] {
  const parts = rel.split('/').filter(Boolean);
  const made: string[] = [];
  for (const m of mounts) {
    for (let i = 1; i <= parts.length; i++) {
      const dir = path.join(m.dir, ...parts.slice(0, i));
      if (fs.existsSync(dir)) {
        if (run.entries.some((e) => e.op === 'cgroup' && e.path === dir)) continue;
        throw new Error(`${dir} already exists and is not the suite's`);
      }
      run.mkcgroup(dir, { copyCpuset: !o.emptyCpuset });
      made.push(dir);
    }
  }
  return made;
}

/**
 * Seed 004's state: a named hierarchy made in a private mount namespace at `mnt`, `pid` moved
 * into a cgroup of it, then unmounted. The host's mount table never shows it; the kernel lists it
 * in every /proc/<pid>/cgroup for as long as the cgroup holds on. Journaled before it is made.
 */
export function unmountedHierarchy(run: Run, mnt: string, pid: number): { status: number | null; stderr: string } {
  run.record({ op: 'hierarchy', name: run.hierarchyName, mnt });
  const script = 'set -e; mount -t cgroup -o "none,name=$1" cgroup "$2"; mkdir "$2/$3"; echo "$4" > "$2/$3/cgroup.procs"; umount "$2"';
  const args = ['-m', '--propagation', 'private', 'sh', '-c', script, 'sh', run.hierarchyName, mnt, run.prefix, String(pid)];
  return spawnSync('unshare', args, { encoding: 'utf8', env: run.env });
}

/** Which of these hierarchies are mounted (and writable) here, in cgdoctor's key order. */
export function mounted(keys: string[]): CgroupMount[] {
  return cgroupMounts().filter((m) => keys.includes(m.key));
}

export interface Finding {
  rule: string;
  severity: string;
  subject: string;
  message: string;
  evidence: Array<{ path: string; line: number | null; excerpt: string }>;
  remediation: string;
}

export interface Scan {
  code: number | null;
  stderr: string;
  findings: Finding[];
  skipped: Map<string, string>;
  facts: Record<string, unknown>;
  /** What was run, for the failure message. */
  command: string;
}

/**
 * How a scan is run. `host`: as is, the node's own view. `mountns`: in a private mount namespace
 * after `setup` (sh) ran in it: pid 1's mount table is still the node's, the scanner's files are
 * the namespace's. `pidns`: new pid and mount namespaces with their own /proc, so pid 1 is the
 * namespace's shell and its mount table (with `setup`'s mounts) is what cgdoctor reads.
 */
type View = { kind: 'host' } | { kind: 'mountns' | 'pidns'; setup: string };

/** One word for sh. */
export const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function scan(run: Run, view: View = { kind: 'host' }): Scan {
  const cli = [process.execPath, BIN, 'scan', '--root', '/', '--format', 'json'];
  const env = { ...run.env, NO_COLOR: '1' };
  let cmd: string[];
  if (view.kind === 'host') cmd = cli;
  else {
    const ns = view.kind === 'pidns' ? ['-m', '-p', '-f', '--mount-proc', '--propagation', 'private'] : ['-m', '--propagation', 'private'];
    // The scan is not exec'ed: in the pid namespace the shell stays pid 1, as a container's init would.
    const script = `set -e; ${view.setup}\nset +e; "$@"; rc=$?; exit $rc`;
    cmd = ['unshare', ...ns, 'sh', '-c', script, 'sh', ...cli];
  }
  const r = spawnSync(cmd[0]!, cmd.slice(1), { encoding: 'utf8', env, cwd: ROOT, maxBuffer: 64 << 20 });
  const command = cmd.join(' ');
  let j: { findings?: Finding[]; skipped?: Array<{ rule: string; reason: string }>; facts?: Record<string, unknown> };
  try {
    j = JSON.parse(r.stdout);
  } catch {
    throw new Error(`${command}: no JSON report (exit ${r.status}): ${r.stderr}`);
  }
  return { code: r.status, stderr: r.stderr, findings: j.findings ?? [], skipped: new Map((j.skipped ?? []).map((s) => [s.rule, s.reason])), facts: j.facts ?? {}, command };
}

export const key = (f: Pick<Finding, 'rule' | 'subject'>) => `${f.rule} ${f.subject}`;

/** Findings of `now` that `base` (the same view before the case made its fault) did not have, and the reverse. */
export function delta(base: Scan, now: Scan): { added: Finding[]; removed: Finding[] } {
  const b = new Set(base.findings.map(key));
  const n = new Set(now.findings.map(key));
  return { added: now.findings.filter((f) => !b.has(key(f))), removed: base.findings.filter((f) => !n.has(key(f))) };
}

/** The lines of /proc/<pid>/cgroup, numbered from 1 as cgdoctor cites them. */
export function procCgroupLine(pid: number | 'self', hierarchy: string): { line: number; text: string } | undefined {
  const lines = fs.readFileSync(`/proc/${pid}/cgroup`, 'utf8').split('\n');
  const i = lines.findIndex((l) => l.split(':')[1] === hierarchy);
  return i < 0 ? undefined : { line: i + 1, text: lines[i]! };
}

/** Waits until `test` holds, or gives up after `ms`. */
export function until(test: () => boolean, ms = 5000): boolean {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) return false;
    sleep(20);
  }
  return true;
}

/** A static busybox, so the container's root needs nothing else. */
export function staticBusybox(): string | undefined {
  const p = which('busybox');
  if (!p) return undefined;
  const b = fs.readFileSync(p);
  // ELF64 little-endian: a PT_INTERP program header means it needs a dynamic loader.
  if (b.readUInt32BE(0) !== 0x7f454c46 || b[4] !== 2) return undefined;
  const phoff = Number(b.readBigUInt64LE(0x20));
  const size = b.readUInt16LE(0x36);
  for (let i = 0; i < b.readUInt16LE(0x38); i++) if (b.readUInt32LE(phoff + i * size) === 3) return undefined;
  return p;
}

/** The seed's pod: kubelet's systemd driver names its cgroup `kubepods-<qos>-pod<uid_with_underscores>.slice`. */
export const POD_SLICE = 'kubepods-besteffort-pod2c1e9612_3136_47b9_a86d_a4e08aa53bd1.slice';

interface Container {
  id: string;
  /** runc's --root. */
  state: string;
  /** `<slice>:cri-containerd:<id>`, the cgroupsPath kubelet's systemd driver hands down. */
  triplet: string;
  /** Where runc may make its cgroups in a hierarchy: below its own cgroup, or at the root. */
  places: (m: CgroupMount) => string[];
  problem?: string;
}

/**
 * A busybox container started by Debian's runc on the cgroupfs driver (`--systemd-cgroup=false`)
 * with a systemd-style cgroupsPath, as containerd does when only kubelet was moved to the systemd
 * driver. runc runs from `parent` (a cgroup of the run's in every hierarchy of `hs`) and resolves
 * the relative path against it. Every place its cgroups may land is journaled first, and so is
 * the container.
 */
export function startContainer(run: Run, hs: CgroupMount[], parent: string, slice: string): Container {
  const id = run.prefix;
  const triplet = `${slice}:cri-containerd:${id}`;
  const bundle = run.tempDir('bundle');
  fs.mkdirSync(path.join(bundle, 'rootfs', 'bin'), { recursive: true });
  fs.copyFileSync(staticBusybox()!, path.join(bundle, 'rootfs', 'bin', 'busybox'));
  fs.chmodSync(path.join(bundle, 'rootfs', 'bin', 'busybox'), 0o755);
  const state = run.tempDir('runc');
  // runc 1.1 puts the unified cgroup of a hybrid node at the root, whatever its own cgroup is.
  const places = (m: CgroupMount) => [dirIn(m, `${parent}/${triplet}`), dirIn(m, `/${triplet}`)];
  const c: Container = { id, state, triplet, places };
  const spec = spawnSync('runc', ['spec'], { cwd: bundle, encoding: 'utf8', env: run.env });
  if (spec.status !== 0) return { ...c, problem: `runc spec: ${spec.stderr}` };
  const config = JSON.parse(fs.readFileSync(path.join(bundle, 'config.json'), 'utf8'));
  config.linux.cgroupsPath = triplet;
  config.process.terminal = false;
  config.process.args = ['/bin/busybox', 'sleep', '86400'];
  config.process.env = [...(config.process.env ?? []), `${MARKER}=${run.id}`];
  fs.writeFileSync(path.join(bundle, 'config.json'), JSON.stringify(config, null, 2));
  for (const m of hs) for (const p of places(m)) run.record({ op: 'cgroup', path: p });
  run.record({ op: 'runc', root: state, id });
  const procs = hs.map((m) => path.join(dirIn(m, parent), 'cgroup.procs'));
  // The container inherits runc's output: a pipe would keep this call waiting for it to close.
  const errors = path.join(state, 'runc.err');
  const script = 'for f in "$@"; do echo $$ > "$f"; done; exec runc --root "$R" --systemd-cgroup=false run --detach --bundle "$B" "$ID" </dev/null >/dev/null 2>"$E"';
  const started = spawnSync('sh', ['-c', script, 'sh', ...procs], {
    encoding: 'utf8',
    env: { ...run.env, R: state, B: bundle, ID: id, E: errors },
  });
  const said = `${started.stderr}${fs.existsSync(errors) ? fs.readFileSync(errors, 'utf8') : ''}`.trim();
  return started.status === 0 && said === '' ? c : { ...c, problem: `runc run exited ${started.status}: ${said}` };
}
