import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { MARKER, cgroupMounts, markedProcesses, procStat, sameProcess, sleep, which } from './machine.js';

/**
 * The journal of one run of the real-kernel suite (a case, or the kill test's victim). Every
 * thing the run makes is written down, and synced, before it is made; undoing reads the list
 * back. A run killed with SIGKILL leaves its journal, and the next run replays it: the run is
 * dead when the pid in its first line is gone or started at another time.
 *
 * The directory is /var/tmp (it outlives the run's own temporary folder and a reboot, where the
 * cgroups are gone and replaying finds nothing left to undo), root's own and closed to others:
 * root replays what the files say, so nobody else may write them.
 */
export const JOURNAL_DIR = '/var/tmp/cgdoctor-system-journal';

type Entry =
  | { op: 'run'; id: string; pid: number; start: string; at: string }
  /** A temporary directory: removed with everything in it. */
  | { op: 'dir'; path: string }
  /** A cgroup directory (absolute): its subtree is removed leaves first. */
  | { op: 'cgroup'; path: string }
  /** A named v1 hierarchy, made in a private mount namespace at `mnt`. */
  | { op: 'hierarchy'; name: string; mnt: string }
  /** A runc container, with its state directory. */
  | { op: 'runc'; root: string; id: string }
  /** A process, once its pid is known (before that, the marker in its environment finds it). */
  | { op: 'proc'; pid: number; start: string }
  /** A directory a daemon of the run makes where it cannot be told not to (DAEMON_DIRS); removed if empty. */
  | { op: 'made'; path: string };

/**
 * Where a daemon the suite starts makes directories whatever its flags say: dockerd's plugin
 * socket directory is compiled in (/run/docker/plugins). Only these, and only when they were
 * absent before the run, are the run's to remove.
 */
export const DAEMON_DIRS = ['/run/docker/plugins', '/run/docker'];

const ID = /^[a-z0-9]+$/;
const prefixOf = (id: string) => `cgdoctor-systest-${id}`;
const hierarchyOf = (id: string) => `cgdsys${id}`;

let counter = 0;

export class Run {
  readonly prefix: string;
  /** The environment of every process the run starts: the marker and a plain PATH, nothing inherited. */
  readonly env: NodeJS.ProcessEnv;
  readonly file: string;
  readonly entries: Entry[] = [];
  private fd: number | undefined;

  private constructor(readonly id: string) {
    this.prefix = prefixOf(id);
    this.env = { [MARKER]: id, PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C' };
    this.file = path.join(JOURNAL_DIR, `${id}.jsonl`);
  }

  /** A new run with its journal open. Ids are short: they end up in cgroup names and `name=` options (64 bytes at most). */
  static start(): Run {
    ensureJournalDir();
    const id = `${Date.now().toString(36)}${process.pid.toString(36)}${(counter++).toString(36)}`;
    const run = new Run(id);
    run.fd = fs.openSync(run.file, 'wx', 0o600);
    run.record({ op: 'run', id, pid: process.pid, start: procStat(process.pid)!.start, at: new Date().toISOString() });
    return run;
  }

  get hierarchyName(): string {
    return hierarchyOf(this.id);
  }

  /** Called after each journal line is written (the kill test stops its victim there). */
  static afterRecord: ((run: Run, e: Entry) => void) | undefined;

  /** Written and synced before the thing is made, so that a kill between the two leaves it known. */
  record(e: Entry): void {
    if (this.fd === undefined) throw new Error(`run ${this.id} is closed`);
    this.entries.push(e);
    fs.writeSync(this.fd, `${JSON.stringify(e)}\n`);
    fs.fsyncSync(this.fd);
    Run.afterRecord?.(this, e);
  }

  /** A temporary directory of the run's, under the OS temporary directory. */
  tempDir(tag: string): string {
    const dir = path.join(os.tmpdir(), `${this.prefix}-${tag}`);
    this.record({ op: 'dir', path: dir });
    fs.mkdirSync(dir, { mode: 0o755 });
    return dir;
  }

  /** A cgroup directory, journaled first. With `copyCpuset`, its cpuset values come from its parent, as runc and kubelet do. */
  mkcgroup(dir: string, o: { copyCpuset?: boolean } = {}): string {
    this.record({ op: 'cgroup', path: dir });
    fs.mkdirSync(dir);
    if (o.copyCpuset && fs.existsSync(path.join(dir, 'cpuset.cpus'))) {
      for (const f of ['cpuset.cpus', 'cpuset.mems']) fs.writeFileSync(path.join(dir, f), fs.readFileSync(path.join(path.dirname(dir), f)));
    }
    return dir;
  }

  /** Undoes everything, then closes and removes the journal. Returns what could not be undone. */
  cleanup(): string[] {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
    const problems = undo(this.id, this.entries);
    if (problems.length === 0) fs.rmSync(this.file, { force: true });
    return problems;
  }
}

function ensureJournalDir(): void {
  fs.mkdirSync(JOURNAL_DIR, { recursive: true, mode: 0o700 });
  const why = untrusted(JOURNAL_DIR);
  if (why) throw new Error(why);
}

/** Root replays what the journal says: a directory anyone else could have written is not read. */
function untrusted(dir: string): string | undefined {
  const st = fs.lstatSync(dir);
  if (!st.isDirectory() || st.uid !== process.getuid?.() || (st.mode & 0o022) !== 0) {
    return `${dir} is not a directory of uid ${process.getuid?.()} closed to others: not trusting the journals in it`;
  }
  return undefined;
}

/** Entries are checked before anything is undone: only the suite's own names, only where it makes them. */
function vet(id: string, e: Entry): string | undefined {
  const abs = (p: string) => path.isAbsolute(p) && path.normalize(p) === p;
  switch (e.op) {
    case 'run':
    case 'proc':
      return undefined;
    case 'dir':
      return abs(e.path) && path.basename(e.path).startsWith(`${prefixOf(id)}-`) ? undefined : `not a directory of run ${id}: ${e.path}`;
    case 'cgroup': {
      const m = cgroupMounts().find((x) => e.path.startsWith(`${x.dir}/`));
      return abs(e.path) && m ? undefined : `not below a cgroup mount: ${e.path}`;
    }
    case 'hierarchy':
      return e.name === hierarchyOf(id) && abs(e.mnt) ? undefined : `not run ${id}'s hierarchy: ${e.name}`;
    case 'runc':
      return e.id.includes(prefixOf(id)) && abs(e.root) ? undefined : `not run ${id}'s container: ${e.id}`;
    case 'made':
      return DAEMON_DIRS.includes(e.path) ? undefined : `not a directory a daemon makes: ${e.path}`;
  }
}

const listedHierarchy = (name: string) =>
  fs
    .readFileSync('/proc/self/cgroup', 'utf8')
    .split('\n')
    .some((l) => l.split(':')[1] === `name=${name}`);

/** Removes a cgroup and everything below it, leaves first; a cgroup whose last process just died may need a moment. */
function removeTree(dir: string, problems: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') problems.push(`cannot list ${dir}: ${(err as Error).message}`);
    return;
  }
  for (const e of entries) if (e.isDirectory()) removeTree(path.join(dir, e.name), problems);
  for (let i = 0; ; i++) {
    try {
      fs.rmdirSync(dir);
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return;
      if (code !== 'EBUSY' || i >= 40) {
        const procs = fs.existsSync(path.join(dir, 'cgroup.procs')) ? fs.readFileSync(path.join(dir, 'cgroup.procs'), 'utf8').trim().split('\n').filter(Boolean) : [];
        problems.push(`cannot remove cgroup ${dir}: ${code}${procs.length ? ` (processes ${procs.join(', ')} are in it)` : ''}`);
        return;
      }
      sleep(50);
    }
  }
}

/**
 * A named hierarchy goes when it is unmounted with no cgroup left but its root. Mount it again
 * (in a private mount namespace), remove its cgroups leaves first, unmount; the kernel may still
 * be releasing a removed cgroup at the unmount and keep the hierarchy, so repeat until
 * /proc/self/cgroup stops listing it.
 */
function releaseHierarchy(name: string, mnt: string): { rounds: number; problem?: string } {
  const script = 'mount -t cgroup -o "none,name=$1" cgroup "$2" || exit 1; find "$2" -mindepth 1 -depth -type d -exec rmdir {} \\; ; umount "$2"';
  let rounds = 0;
  let last = '';
  while (listedHierarchy(name) && rounds < 20) {
    rounds++;
    fs.mkdirSync(mnt, { recursive: true });
    const r = spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script, 'sh', name, mnt], { encoding: 'utf8' });
    last = (r.stderr || '').trim();
    sleep(50 * rounds);
  }
  return listedHierarchy(name) ? { rounds, problem: `hierarchy name=${name} is still listed in /proc/self/cgroup after ${rounds} rounds${last ? `: ${last}` : ''}` } : { rounds };
}

/**
 * Undoes a run, in the order the kernel needs: containers (runc removes its own cgroups), then
 * processes (nothing can be removed while one sits in it), then named hierarchies, then cgroup
 * directories deepest first, then temporary directories. Everything absent is already undone.
 */
function undo(id: string, entries: Entry[]): string[] {
  const problems: string[] = [];
  const ok: Entry[] = [];
  for (const e of entries) {
    const why = vet(id, e);
    if (why) problems.push(`journal of run ${id}: ${why}, left alone`);
    else ok.push(e);
  }
  const runc = which('runc');
  for (const e of ok) {
    if (e.op !== 'runc' || !runc || !fs.existsSync(e.root)) continue;
    const r = spawnSync(runc, ['--root', e.root, 'delete', '--force', e.id], { encoding: 'utf8' });
    if (r.status !== 0 && !/does not exist|not exist/.test(r.stderr)) problems.push(`runc delete ${e.id}: ${r.stderr.trim()}`);
  }
  // Recorded pids are killed only while they are still the same process; the marker finds the
  // ones started in the moment before their pid was written, and their children.
  const victims = new Set<number>(markedProcesses(id));
  for (const e of ok) if (e.op === 'proc' && sameProcess(e.pid, e.start)) victims.add(e.pid);
  for (const pid of victims) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
  // Gone means reaped: a zombie still holds its cgroups. The suite's processes are init's children,
  // and an init may reap only now and then (this VM's does every second or two).
  for (let i = 0; i < 500 && [...victims].some((p) => procStat(p) !== undefined); i++) sleep(20);
  for (const pid of victims) {
    const s = procStat(pid);
    if (s) problems.push(s.state === 'Z' ? `process ${pid} is a zombie its parent does not reap` : `process ${pid} does not die`);
  }
  for (const e of ok) {
    if (e.op !== 'hierarchy') continue;
    const r = releaseHierarchy(e.name, e.mnt);
    if (r.problem) problems.push(r.problem);
  }
  const cgroups = ok.flatMap((e) => (e.op === 'cgroup' ? [e.path] : [])).sort((a, b) => b.split('/').length - a.split('/').length);
  for (const dir of cgroups) removeTree(dir, problems);
  // Empty ones only, deepest first: a file in one is not the run's to delete.
  const made = ok.flatMap((e) => (e.op === 'made' ? [e.path] : [])).sort((a, b) => b.length - a.length);
  for (const dir of made) {
    try {
      fs.rmdirSync(dir);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') problems.push(`cannot remove ${dir}: ${code}`);
    }
  }
  const mounts = fs.readFileSync('/proc/self/mountinfo', 'utf8');
  for (const e of ok.reverse()) {
    if (e.op !== 'dir') continue;
    // Mounts are only ever made in private namespaces; one here would take rm into another filesystem.
    if (mounts.split('\n').some((l) => (l.split(' ')[4] ?? '').startsWith(`${e.path}/`) || l.split(' ')[4] === e.path)) {
      problems.push(`${e.path} has a mount in this namespace: not removed`);
      continue;
    }
    fs.rmSync(e.path, { recursive: true, force: true });
  }
  return problems;
}

function readJournal(file: string): Entry[] {
  const out: Entry[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      out.push(JSON.parse(line) as Entry);
    } catch {
      // A line cut by the kill: its thing was never made.
    }
  }
  return out;
}

interface Replay {
  /** Runs undone, with what each had made. */
  cleaned: Array<{ id: string; entries: number }>;
  /** Journals of runs still alive (another suite running now). */
  live: Array<{ id: string; pid: number }>;
  problems: string[];
}

/** Replays the journals of dead runs (the start of every run does this) and says what is still alive. */
export function replayDead(): Replay {
  const out: Replay = { cleaned: [], live: [], problems: [] };
  if (!fs.existsSync(JOURNAL_DIR)) return out;
  const why = untrusted(JOURNAL_DIR);
  if (why) return { ...out, problems: [why] };
  for (const name of fs.readdirSync(JOURNAL_DIR).sort()) {
    const id = name.replace(/\.jsonl$/, '');
    const file = path.join(JOURNAL_DIR, name);
    if (!name.endsWith('.jsonl') || !ID.test(id)) continue;
    const entries = readJournal(file);
    const head = entries[0];
    if (head?.op !== 'run' || head.id !== id) {
      // Killed between creating the file and writing its first line: nothing was made. A file
      // this young may belong to a run starting now.
      if (Date.now() - fs.statSync(file).mtimeMs > 60_000) fs.rmSync(file, { force: true });
      continue;
    }
    if (sameProcess(head.pid, head.start)) {
      out.live.push({ id, pid: head.pid });
      continue;
    }
    const problems = undo(id, entries.slice(1));
    if (problems.length === 0) {
      fs.rmSync(file, { force: true });
      out.cleaned.push({ id, entries: entries.length - 1 });
    } else out.problems.push(...problems);
  }
  return out;
}
