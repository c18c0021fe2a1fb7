import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Run } from './lib/journal.js';
import { cgroupMounts, changes, markedProcesses, mountOf, snapshot, type Snapshot } from './lib/machine.js';
import { buildDaemons, delta, dirIn, join, key, makeCgroups, mounted, POD_SLICE, procCgroupLine, q, scan, startContainer, startDaemon } from './lib/support.js';
import { type Finding, type Scan, unmountedHierarchy, until } from './lib/support.js';
import { cannot, commands, systemCase } from './cases.js';

/**
 * The failure patterns of the seed incidents, made on the real kernel of this machine, and what
 * `cgdoctor scan --root /` says about them. Each case scans the same view before and after it
 * makes its fault, and expects exactly the findings the fault adds (rule, subject, evidence): the
 * machine's own findings (CG018 on v1, CG029 for its kernel config) stay out of the comparison,
 * so a case passes on any machine that can run it and fails on any finding it did not predict.
 */

const DAEMONS = ['kubelet', 'containerd', 'mirror-agent', 'pause'];
let suite: Run | undefined;
let bin = '';
let noDaemons: string | undefined;
let start: Snapshot | undefined;

beforeAll(() => {
  if (cannot(['root', 'gcc'])) return;
  start = snapshot();
  suite = Run.start();
  const built = buildDaemons(suite.tempDir('bin'), DAEMONS);
  if ('missing' in built) noDaemons = built.missing;
  else bin = built.bin;
});

// When the last test did not get to it.
afterAll(() => {
  const problems = suite?.cleanup() ?? [];
  if (problems.length > 0) process.stderr.write(`real-kernel suite: could not undo:\n  ${problems.join('\n  ')}\n`);
});

const daemon = (name: string) => path.join(bin, name);
const rel = (abs: string) => abs.slice(1);
const only = (s: Scan, rule: string, subject: string): Finding => {
  const f = s.findings.filter((x) => x.rule === rule && x.subject === subject);
  expect(f, `${rule} ${subject} in ${s.command}`).toHaveLength(1);
  return f[0]!;
};
const noStackTrace = (s: Scan) => {
  expect(s.stderr).not.toMatch(/\n\s+at /);
  expect([0, 1]).toContain(s.code);
};

/** What each case needs beyond root: the fake daemons come from gcc. */
function withDaemons(skip: (why: string) => never): void {
  if (noDaemons) skip(noDaemons);
}

systemCase('seed 000: a cpuset made by mkdir is empty, kubelet cannot join it (ENOSPC), CG001 names it, its fix works', ['root', 'gcc', 'no-daemons', 'v1:cpuset'], (run, skip) => {
  withDaemons(skip);
  const v1 = cgroupMounts().filter((m) => m.version === 1 && m.rw);
  const cpuset = v1.find((m) => m.key === 'cpuset')!;
  const base = scan(run);
  // The seed's unit: ExecStartPre=/bin/mkdir -p for the reserved cgroup and kubelet's own, in every hierarchy.
  const reserved = `/${run.prefix}`;
  const own = `${reserved}/kubelet.service`;
  makeCgroups(run, v1, own, { emptyCpuset: true });
  for (const c of [reserved, own]) {
    expect(fs.readFileSync(path.join(dirIn(cpuset, c), 'cpuset.cpus'), 'utf8').trim()).toBe('');
    expect(fs.readFileSync(path.join(dirIn(cpuset, c), 'cpuset.mems'), 'utf8').trim()).toBe('');
  }
  // cgroupsPerQOS off: this case is about the cpuset, and without per-QoS cgroups kubelet needs no /kubepods.
  const kubelet = startDaemon(run, daemon('kubelet'), [
    `--kubelet-cgroups=${own}`,
    `--kube-reserved-cgroup=${reserved}`,
    `--system-reserved-cgroup=${reserved}`,
    '--cgroup-driver=cgroupfs',
    '--cgroups-per-qos=false',
    '--enforce-node-allocatable=',
  ]);
  // What kubelet does at start: move itself into --kubelet-cgroups in every hierarchy. The
  // kernel refuses the empty cpuset, with its own ENOSPC, and the shell's words for it.
  for (const m of v1) {
    if (m !== cpuset) join(kubelet, dirIn(m, own));
  }
  let err: NodeJS.ErrnoException | undefined;
  try {
    join(kubelet, dirIn(cpuset, own));
  } catch (e) {
    err = e as NodeJS.ErrnoException;
  }
  expect(err?.code).toBe('ENOSPC');
  expect(err?.errno).toBe(-os.constants.errno.ENOSPC);
  const shell = spawnSync('bash', ['-c', `echo ${kubelet} > ${q(path.join(dirIn(cpuset, own), 'cgroup.procs'))}`], { encoding: 'utf8', env: run.env });
  expect(shell.status).not.toBe(0);
  expect(shell.stderr).toContain('No space left on device');

  const now = scan(run);
  noStackTrace(now);
  const d = delta(base, now);
  expect(d.added.map(key).sort()).toEqual([`CG001 ${reserved}`, `CG001 ${own}`].sort());
  expect(d.removed).toEqual([]);
  expect(now.code).toBe(1);
  const cg001 = only(now, 'CG001', own);
  expect(cg001.severity).toBe('error');
  expect(cg001.evidence).toEqual([
    { path: `${rel(dirIn(cpuset, own))}/cpuset.cpus`, line: 1, excerpt: '' },
    { path: `${rel(dirIn(cpuset, own))}/cpuset.mems`, line: 1, excerpt: '' },
  ]);
  expect(cg001.message).toBe(`cpuset.cpus and cpuset.mems are empty in ${dirIn(cpuset, own)} (named by --kubelet-cgroups="${own}"; the cgroup of kubelet's unit)`);
  const parent = only(now, 'CG001', reserved);
  expect(parent.message).toContain(`named by --kube-reserved-cgroup="${reserved}"`);
  expect(parent.evidence.map((e) => e.path)).toEqual([`${rel(dirIn(cpuset, reserved))}/cpuset.cpus`, `${rel(dirIn(cpuset, reserved))}/cpuset.mems`]);

  // The fix, as printed: copy the parent's values top-down (the empty parent first). Then the
  // kernel lets kubelet in, and the findings go.
  for (const f of [parent, cg001]) {
    const cats = commands(f.remediation).filter((c) => c.startsWith('cat '));
    expect(cats).toEqual(['cpus', 'mems'].map((x) => `cat ${path.dirname(dirIn(cpuset, f.subject))}/cpuset.${x} > ${dirIn(cpuset, f.subject)}/cpuset.${x}`));
    for (const c of cats) expect(spawnSync('bash', ['-c', c], { env: run.env }).status).toBe(0);
  }
  join(kubelet, dirIn(cpuset, own));
  expect(procCgroupLine(kubelet, 'cpuset')?.text).toMatch(new RegExp(`:cpuset:${own}$`));
  const fixed = scan(run);
  expect(delta(base, fixed).added.map(key)).toEqual([]);
});

systemCase('seed 004: a named hierarchy unmounted while a process stays in it: CG003 names the process, its fix works', ['root', 'gcc', 'no-daemons', 'unshare'], (run, skip) => {
  withDaemons(skip);
  const name = run.hierarchyName;
  const mnt = path.join(run.tempDir('hierarchy'), 'mnt');
  fs.mkdirSync(mnt);
  const base = scan(run);
  // containerd at the root of everything: the kernel lists the new hierarchy in its file too,
  // as in the seed, where containerd then failed to start every sandbox.
  const containerd = startDaemon(run, daemon('containerd'), []);
  const agent = startDaemon(run, daemon('mirror-agent'), []);
  const made = unmountedHierarchy(run, mnt, agent);
  expect(made.stderr).toBe('');
  expect(made.status).toBe(0);
  // The seed's state: every process lists it, no mount table shows it.
  const line1 = procCgroupLine(1, `name=${name}`);
  const lineC = procCgroupLine(containerd, `name=${name}`);
  const lineA = procCgroupLine(agent, `name=${name}`);
  expect(line1?.text).toMatch(new RegExp(`^\\d+:name=${name}:/$`));
  expect(lineA?.text).toMatch(new RegExp(`^\\d+:name=${name}:/${run.prefix}$`));
  for (const t of ['/proc/1/mountinfo', '/proc/self/mountinfo']) expect(fs.readFileSync(t, 'utf8')).not.toContain(`name=${name}`);

  const now = scan(run);
  noStackTrace(now);
  const d = delta(base, now);
  expect(d.added.map(key)).toEqual([`CG003 name=${name}`]);
  expect(d.removed).toEqual([]);
  const f = only(now, 'CG003', `name=${name}`);
  expect(f.severity).toBe('error');
  const init = fs.readFileSync('/proc/1/comm', 'utf8').trim();
  const who = `${init} (pid 1), containerd (pid ${containerd}), the scanner`;
  expect(f.message).toContain(`listed in the /proc/<pid>/cgroup of ${who}, but no cgroup filesystem in proc/1/mountinfo is mounted with it`);
  expect(f.message).toContain(`It is kept alive by 1 process below its root: mirror-agent (pid ${agent}) in /${run.prefix}.`);
  expect(f.evidence).toEqual([
    { path: 'proc/1/cgroup', line: line1!.line, excerpt: line1!.text },
    { path: `proc/${containerd}/cgroup`, line: lineC!.line, excerpt: lineC!.text },
    { path: `proc/${agent}/cgroup`, line: lineA!.line, excerpt: lineA!.text },
  ]);

  // The fix, as printed, at a mount point of the suite's in a private namespace instead of the
  // one it names: mount, move the process out, rmdir leaves first, wait, unmount; repeat while
  // /proc/self/cgroup still lists it (the kernel may still be releasing the cgroup).
  const steps = commands(f.remediation).slice(0, 4);
  const at = `/tmp/cgroup-${name}`;
  expect(steps).toEqual([
    `mkdir -p ${at} && mount -t cgroup -o none,name=${name} cgroup ${at}`,
    `echo ${agent} > ${at}/cgroup.procs`,
    `find ${at} -mindepth 1 -depth -type d -exec rmdir {} \\;`,
    `sleep 1 && umount ${at}`,
  ]);
  const script = steps.map((s) => s.replaceAll(at, mnt)).join(' && ');
  let rounds = 0;
  const listed = () => procCgroupLine('self', `name=${name}`) !== undefined;
  while (listed() && rounds < 20) {
    rounds++;
    // Later rounds find the process already moved and nothing left to remove.
    spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script], { env: run.env });
    until(() => !listed(), 100 * rounds);
  }
  expect(listed(), `still listed after ${rounds} rounds of the fix`).toBe(false);
  process.stdout.write(`seed 004: the fix removed name=${name} in ${rounds} round${rounds === 1 ? '' : 's'}\n`);
  expect(delta(base, scan(run)).added.map(key)).toEqual([]);
});

systemCase("seed 003: Debian's runc on the cgroupfs driver given a systemd cgroupsPath makes triplet directories, and CG011 names them", ['root', 'runc', 'writable'], (run) => {
  const all = cgroupMounts().filter((m) => m.rw);
  const base = scan(run);
  // runc resolves a relative cgroupsPath against its own cgroup (containerd's, on a node): here a
  // cgroup of the suite's in every hierarchy, so nothing lands in cgroups the suite did not make.
  const parent = `/${run.prefix}`;
  makeCgroups(run, all, parent);
  const c = startContainer(run, all, parent, POD_SLICE);
  expect(c.problem).toBeUndefined();
  const { triplet, places, state, id } = c;
  const st = JSON.parse(spawnSync('runc', ['--root', state, 'state', id], { encoding: 'utf8' }).stdout) as { pid: number; status: string };
  expect(st.status).toBe('running');
  // The triplet is a literal directory name, in every hierarchy, holding the container.
  const byParent = new Map<string, typeof all>();
  for (const m of all) {
    const found = places(m).filter((p) => fs.existsSync(p));
    expect(found, `${triplet} in ${m.key}`).toHaveLength(1);
    const under = found[0] === places(m)[0] ? parent : '/';
    byParent.set(under, [...(byParent.get(under) ?? []), m]);
    const line = procCgroupLine(st.pid, m.version === 2 ? '' : m.key)!.text;
    expect(line.endsWith(`:${under === '/' ? '' : under}/${triplet}`), line).toBe(true);
  }
  process.stdout.write(`seed 003: runc made ${triplet} ${[...byParent].map(([p, ms]) => `under ${p} in ${ms.map((m) => m.key).join(', ')}`).join('; ')}\n`);
  expect(byParent.get(parent)?.length).toBeGreaterThan(0);

  const now = scan(run);
  noStackTrace(now);
  const d = delta(base, now);
  expect(d.added.map(key).sort()).toEqual([...byParent.keys()].map((p) => `CG011 ${p}`).sort());
  expect(d.removed).toEqual([]);
  for (const [under, ms] of byParent) {
    const f = only(now, 'CG011', under);
    expect(f.severity).toBe('error');
    expect(f.message).toContain(`named in the systemd "slice:prefix:id" form sits under "${under}" as plain directories: ${triplet}.`);
    const excerpt = `in ${ms.length} ${ms.length === 1 ? 'hierarchy' : 'hierarchies'}`;
    expect(f.evidence).toEqual([{ path: rel(dirIn(ms[0]!, `${under === '/' ? '' : under}/${triplet}`)), line: null, excerpt }]);
  }

  // runc removes what it made.
  const del = spawnSync('runc', ['--root', state, 'delete', '--force', id], { encoding: 'utf8' });
  expect(del.status, del.stderr).toBe(0);
  for (const m of all) for (const p of places(m)) expect(fs.existsSync(p)).toBe(false);
  expect(delta(base, scan(run)).added.map(key)).toEqual([]);
});

systemCase('a controller mounted twice: CG017, seen from a pid namespace whose pid 1 has the second mount', ['root', 'unshare', 'v1:cpuset'], (run) => {
  const m = mountOf('cpuset')!;
  const again = path.join(run.tempDir('again'), 'cpuset');
  fs.mkdirSync(again);
  // cgdoctor reads pid 1's mount table, so the second mount must be in pid 1's namespace: a new
  // pid namespace, whose pid 1 is the shell that mounted it. The host never sees it.
  const base = scan(run, { kind: 'pidns', setup: 'true' });
  const now = scan(run, { kind: 'pidns', setup: `mount -t cgroup -o cpuset cgroup ${q(again)}` });
  noStackTrace(now);
  for (const s of [base, now]) {
    // Rightly: pid 1 there is not the node's.
    expect(only(s, 'CG028', '/').message).toContain('pid namespace of its own');
  }
  const d = delta(base, now);
  expect(d.added.map(key)).toEqual(['CG017 cpuset']);
  expect(d.removed).toEqual([]);
  const f = only(now, 'CG017', 'cpuset');
  expect(f.severity).toBe('warning');
  const shortest = [m.dir, again].sort((a, b) => a.length - b.length)[0];
  expect(f.message).toBe(`cpuset is mounted at ${m.dir}, ${again}: kubelet and the runtime may read different trees (kubelet >= 1.20 uses the shortest, ${shortest})`);
  expect(f.evidence.map((e) => ({ path: e.path, excerpt: e.excerpt }))).toEqual([
    { path: 'proc/1/mountinfo', excerpt: `${m.dir} (root /)` },
    { path: 'proc/1/mountinfo', excerpt: `${again} (root /)` },
  ]);
  expect(f.evidence[1]!.line).toBeGreaterThan(f.evidence[0]!.line!);
  expect(f.remediation).toContain(`\`umount ${again}\``);
});

systemCase('both pods roots: kubepods and kubepods.slice side by side at the hierarchy roots give CG013', ['root'], (run, skip) => {
  for (const m of cgroupMounts()) {
    for (const n of ['kubepods', 'kubepods.slice']) {
      if (fs.existsSync(dirIn(m, n))) skip(`${dirIn(m, n)} exists: this is a Kubernetes node, and the suite touches no cgroup it did not make`);
    }
  }
  const targets = mounted(['cpu', 'memory', 'name=systemd']).filter((m) => m.rw);
  if (targets.length === 0) skip('none of the cpu, memory and name=systemd hierarchies is mounted writable');
  const base = scan(run);
  // The node's driver changed from cgroupfs to systemd without a drain: both trees stay.
  makeCgroups(run, targets, '/kubepods');
  makeCgroups(run, targets, '/kubepods.slice');
  const now = scan(run);
  noStackTrace(now);
  const d = delta(base, now);
  expect(d.added.map(key)).toEqual(['CG013 /']);
  expect(d.removed).toEqual([]);
  const f = only(now, 'CG013', '/');
  expect(f.message).toContain(`exist in ${targets.map((t) => t.key).join(', ')}:`);
  expect(f.evidence).toEqual([
    { path: rel(dirIn(targets[0]!, 'kubepods')), line: null, excerpt: 'cgroupfs-driver pods root' },
    { path: rel(dirIn(targets[0]!, 'kubepods.slice')), line: null, excerpt: 'systemd-driver pods root' },
  ]);
});

systemCase("pod cgroups without pod directories: a pod cgroup with a leftover process, not under kubelet's --root-dir: CG022", ['root', 'gcc', 'no-daemons'], (run, skip) => {
  withDaemons(skip);
  const hs = mounted(['cpu', 'cpuacct', 'cpuset', 'memory', 'pids', 'name=systemd']).filter((m) => m.rw);
  // cgdoctor reads pod cgroups from name=systemd, else memory, as kubelet's cgroup names are the same in all.
  const read = hs.find((m) => m.key === 'name=systemd') ?? hs.find((m) => m.key === 'memory');
  if (!read) skip('neither a name=systemd nor a memory v1 hierarchy is mounted writable');
  // kubelet's own flags put its pods tree and its pod directories where the suite owns them.
  const root = `/${run.prefix}`;
  const kubeletDir = run.tempDir('kubelet');
  const known = '9a4b7c2e-1d3f-4e5a-8b6c-7d8e9f0a1b2c';
  const orphan = '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9';
  fs.mkdirSync(path.join(kubeletDir, 'pods', known, 'volumes'), { recursive: true });
  for (const c of ['kubepods/burstable', 'kubepods/besteffort', `kubepods/pod${known}`]) makeCgroups(run, hs, `${root}/${c}`);
  startDaemon(run, daemon('kubelet'), ['--cgroup-driver=cgroupfs', `--cgroup-root=${root}`, `--root-dir=${kubeletDir}`, '--cgroups-per-qos=true']);
  const base = scan(run);
  // With the pods directory present CG022 looks, and finds every pod cgroup known.
  expect(base.skipped.has('CG022')).toBe(false);
  expect(base.findings.filter((f) => f.rule === 'CG022')).toEqual([]);

  // A pod kubelet has forgotten, whose pause process was left behind.
  const pod = `${root}/kubepods/besteffort/pod${orphan}`;
  makeCgroups(run, hs, pod);
  const pause = startDaemon(run, daemon('pause'), []);
  for (const m of hs) join(pause, dirIn(m, pod));
  const now = scan(run);
  noStackTrace(now);
  const d = delta(base, now);
  expect(d.added.map(key)).toEqual([`CG022 ${root}/kubepods/besteffort`]);
  expect(d.removed).toEqual([]);
  const f = only(now, 'CG022', `${root}/kubepods/besteffort`);
  expect(f.message).toBe(`1 pod cgroup has no pod directory in ${rel(kubeletDir)}/pods: ${orphan}`);
  expect(f.evidence).toEqual([{ path: rel(dirIn(read!, pod)), line: null, excerpt: `no ${rel(kubeletDir)}/pods/${orphan}` }]);
});

systemCase('a daemon in a session scope: containerd started from a login shell: CG026 where systemd is init', ['root', 'gcc', 'no-daemons', 'v1:name=systemd'], (run, skip) => {
  withDaemons(skip);
  const sd = mountOf('name=systemd')!;
  if (fs.existsSync(dirIn(sd, 'user.slice'))) skip(`${dirIn(sd, 'user.slice')} exists: systemd owns it here, and the suite touches no cgroup it did not make`);
  // CG026 looks only when systemd is init (pid 1, or /run/systemd/system as runc and kubelet
  // test). Where it is not (this VM's pid 1 is its own agent), the scan runs in a private mount
  // namespace with /run/systemd/system: the rest of the view, pid 1's mount table included, is the node's.
  const plain = scan(run);
  const hostSystemd = !plain.skipped.get('CG026')?.startsWith('systemd is not the init system');
  if (!hostSystemd && cannot(['unshare'])) skip(`systemd is not init here and ${cannot(['unshare'])}`);
  const view = hostSystemd ? ({ kind: 'host' } as const) : ({ kind: 'mountns', setup: 'mount -t tmpfs -o size=1m,mode=755 cgdsys /run && mkdir -p /run/systemd/system' } as const);
  const base = scan(run, view);
  expect(base.skipped.get('CG026')).toBe('no kubelet or runtime process with a readable proc/<pid>/cgroup');
  const session = '/user.slice/user-0.slice/session-1.scope';
  makeCgroups(run, [sd], session);
  const cfg = path.join(run.tempDir('containerd'), 'config.toml');
  fs.writeFileSync(cfg, 'version = 2\n\n[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]\n  SystemdCgroup = true\n');
  const containerd = startDaemon(run, daemon('containerd'), ['--config', cfg]);
  join(containerd, dirIn(sd, session));
  const line = procCgroupLine(containerd, 'name=systemd')!;
  expect(line.text).toMatch(new RegExp(`:name=systemd:${session.replace(/[.]/g, '\\.')}$`));
  const now = scan(run, view);
  noStackTrace(now);
  // A mount namespace of its own that shows the node's cgroup mounts is the node's view: CG028
  // stays quiet (it once said "inside a container" here, for any PrivateTmp= service).
  if (!hostSystemd) for (const s of [base, now]) expect(s.findings.filter((x) => x.rule === 'CG028')).toEqual([]);
  const d = delta(base, now);
  expect(d.added.map(key)).toEqual([`CG026 containerd (pid ${containerd})`]);
  expect(d.removed).toEqual([]);
  const f = only(now, 'CG026', `containerd (pid ${containerd})`);
  const why = 'it was started by hand, dies with the session, and its unit cgroup does not exist';
  expect(f.message).toBe(`containerd (pid ${containerd}) runs in a login session ("${session}"), not in a systemd unit: ${why}`);
  expect(f.evidence).toEqual([{ path: `proc/${containerd}/cgroup`, line: line.line, excerpt: line.text }]);
});

it('leaves no cgroup, mount or process behind', (ctx) => {
  if (!suite || !start) return ctx.skip(cannot(['root', 'gcc']) ?? 'nothing was made');
  expect(suite.cleanup()).toEqual([]);
  suite = undefined;
  expect(changes(start, snapshot())).toEqual([]);
  expect(markedProcesses()).toEqual([]);
});
