import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, checkExplain, checkReport, golden, runCli, testTmp, writeTree } from './helpers.js';
import { ruleCase } from './rules/cases.js';
import { toTree } from './rules/nodes.js';
import { RULES } from '../src/rules/index.js';

const fx = (name: string) => `fixtures/${name}/root`;

// Rule cases the CLI runs on, written out under the names the goldens show.
const tmp = testTmp();
const CASES = { 'CG010-systemd-driver-without-systemd': 'CG010 fires', 'CG002-unit-precreates-cgroup': 'CG002 fires' };
beforeAll(async () => {
  for (const [dir, id] of Object.entries(CASES)) writeTree(path.join(tmp(), dir), toTree((await ruleCase(id)).node));
});

describe('golden table output', () => {
  it.each([
    ['seed-000', ['scan', '--root', fx('seed-000-cpuset-empty-kubelet-metrics')]],
    ['seed-002', ['scan', '--root', fx('seed-002-unknown-container-systemd-slice')]],
    ['seed-004', ['scan', '--root', fx('seed-004-cpu-mirror-unmounted')]],
    ['healthy-v2', ['scan', '--root', fx('healthy-v2-systemd')]],
    // The migration plan: blockers in upgrade order, the driver change, the boot line.
    ['target-v2-blocked', ['scan', '--root', fx('v1-blocked-old-runtime'), '--target', 'v2']],
    ['target-v2-blocked-markdown', ['scan', '--root', fx('v1-blocked-old-runtime'), '--target', 'v2', '--format', 'markdown']],
    ['explain-CG001', ['explain', 'CG001']],
    ['explain-pasted', ['explain', 'failed to start sandbox container: cgroups: cannot find cgroup mount destination: unknown']],
    // The text cannot decide; the node can (seed 000's empty cpusets).
    [
      'explain-ambiguous',
      [
        'explain',
        'Failed to get system container stats for "/system.slice/kubelet.service": failed to get cgroup stats for "/system.slice/kubelet.service": failed to get container info for "/system.slice/kubelet.service": unknown container "/system.slice/kubelet.service"',
      ],
    ],
    [
      'explain-on-node',
      [
        'explain',
        '--root',
        fx('seed-000-cpuset-empty-kubelet-metrics'),
        'Failed to get system container stats for "/system.slice/kubelet.service": failed to get cgroup stats for "/system.slice/kubelet.service": failed to get container info for "/system.slice/kubelet.service": unknown container "/system.slice/kubelet.service"',
      ],
    ],
    ['explain-outside', ['explain', 'kernel: Memory cgroup out of memory: Killed process 24984 (palo_be) total-vm:10752kB, anon-rss:1024kB']],
    ['rules', ['rules']],
  ])('%s', async (name, args) => {
    await expect(golden(args)).toMatchFileSnapshot(`golden/${name}.md`);
  });

  // A rule case's node, scanned from the folder it is written to, so the root reads as its name.
  it('CG010-with-skips', async () => {
    await expect(golden(['scan', '--root', 'CG010-systemd-driver-without-systemd'], tmp())).toMatchFileSnapshot('golden/CG010-with-skips.md');
  });

  // runc's message is mostly a runc built without systemd; on a node without systemd it is CG010.
  const flagPassed = 'systemd cgroup flag passed, but systemd support for managing cgroups is not available';
  it('explain-outside-less-likely', async () => {
    await expect(golden(['explain', flagPassed])).toMatchFileSnapshot('golden/explain-outside-less-likely.md');
  });
  it('explain-outside-node-decides', async () => {
    await expect(golden(['explain', '--root', 'CG010-systemd-driver-without-systemd', flagPassed], tmp())).toMatchFileSnapshot('golden/explain-outside-node-decides.md');
  });
});

describe('scan --format json', () => {
  it("an empty root still gives a report of the contract's shape (test/fixtures.test.ts checks every fixture)", () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'cgdoctor-test-schema-'));
    expect(checkReport(JSON.parse(runCli(['scan', '--root', empty, '--format', 'json']).stdout))).toEqual([]);
    fs.rmSync(empty, { recursive: true });
  });

  it('has exactly the shape of the contract, with the values of seed 000', () => {
    const r = runCli(['scan', '--root', fx('seed-000-cpuset-empty-kubelet-metrics'), '--format', 'json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.node).toBe('worker-17');
    expect(j.facts.view).toEqual({ mountinfo: 'proc/1/mountinfo', whose: "pid 1's (the node's view)" });
    expect(j.facts.kubelet.settings.cgroupDriver).toEqual({ value: 'systemd', origin: 'flag', source: 'etc/systemd/system/kubelet.service:17' });
    expect(j.facts.runtime).toMatchObject({ name: 'docker', config: 'etc/docker/daemon.json', driver: { value: 'systemd', source: 'etc/docker/daemon.json:2' } });
    expect(j.tool).toEqual({ name: 'cgdoctor', version: '0.1.0' });
    expect(j.root).toBe(fx('seed-000-cpuset-empty-kubelet-metrics'));
    expect(Object.keys(j.findings[0])).toEqual(['rule', 'name', 'severity', 'subject', 'message', 'evidence', 'remediation']);
    expect(j.findings[0].evidence[0]).toEqual({ path: 'sys/fs/cgroup/cpuset/system.slice/cpuset.cpus', line: 1, excerpt: '' });
    expect(j.findings[1].message).toMatch(/^cpuset\.cpus and cpuset\.mems are empty in \/sys\/fs\/cgroup\/cpuset\/system\.slice\/kubelet\.service /);
    expect(Object.keys(j.summary)).toEqual(['error', 'warning', 'info', 'rulesRun', 'rulesSkipped', 'durationMs']);
    expect(j.summary).toMatchObject({ error: 2, warning: 3, info: 0, rulesRun: RULES.length - 3, rulesSkipped: 3 });
    expect(r.stdout).not.toMatch(/\x1b\[/);
  });

  it('lists skipped rules with reasons and parse warnings with file and line', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cgdoctor-cli-'));
    fs.mkdirSync(path.join(tmp, 'proc', 'self'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'proc', 'self', 'mountinfo'), '30 25 0:28 / /sys/fs/cgroup/cpuset rw - cgroup cgroup rw,cpuset\n12 cgroup garbage\n');
    const j = JSON.parse(runCli(['scan', '--root', tmp, '--format', 'json']).stdout);
    expect(j.warnings).toEqual(['proc/self/mountinfo line 2: not enough fields (3), line ignored']);
    expect(j.skipped).toContainEqual({ rule: 'CG004', reason: 'no kubelet: no kubelet process in proc/, no kubelet.service unit, no var/lib/kubelet/config.yaml' });
    fs.rmSync(tmp, { recursive: true });
  });
});

describe('exit codes and --fail-on', () => {
  const warnOnly = () => path.join(tmp(), 'CG002-unit-precreates-cgroup');
  it.each([
    [[], 0],
    [['--fail-on', 'warning'], 1],
    [['--fail-on', 'info'], 1],
    [['--fail-on', 'never'], 0],
  ])('a warning-only scan with %j exits %i', (extra, code) => {
    expect(runCli(['scan', '--root', warnOnly(), '--format', 'json', ...(extra as string[])]).code).toBe(code);
  });

  it('an error finding exits 1 by default and 0 with --fail-on never', () => {
    expect(runCli(['scan', '--root', fx('seed-004-cpu-mirror-unmounted')]).code).toBe(1);
    expect(runCli(['scan', '--root', fx('seed-004-cpu-mirror-unmounted'), '--fail-on', 'never']).code).toBe(0);
  });

  it('--help and --version exit 0', () => {
    expect(runCli(['--version'])).toMatchObject({ code: 0, stdout: '0.1.0\n' });
    expect(runCli(['--help']).code).toBe(0);
    expect(runCli(['scan', '--help']).stdout).toMatch(/--fail-on <severity>/);
  });
});

describe('bad input: one line on stderr, exit 2, no stack trace', () => {
  const file = path.join(FIXTURES, 'healthy-v1-systemd', 'expected.json');
  it.each([
    [['scan', '--root', '/nonexistent/cgdoctor'], /^cgdoctor: --root \/nonexistent\/cgdoctor: no such directory\n$/],
    [['scan', '--root', file], /^cgdoctor: --root .*expected\.json: not a directory \(to scan a capture, use --from\)\n$/],
    [['scan', '--format', 'xml'], /argument 'xml' is invalid/],
    [['scan', '--fail-on', 'sometimes'], /argument 'sometimes' is invalid/],
    [['scan', '--bogus'], /unknown option '--bogus'/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['explain', 'CG01'], /^cgdoctor: unknown rule "CG01"; nearest: CG001 \(cpuset-empty\), CG010 .*\n$/],
    [['explain', 'cpuset-empyt'], /^cgdoctor: unknown rule "cpuset-empyt"; nearest: CG001 \(cpuset-empty\)/],
  ])('%j', (args, err) => {
    const r = runCli(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(err as RegExp);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('an empty root: the report says what is missing, one line on stderr, exit 2', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'cgdoctor-empty-'));
    const r = runCli(['scan', '--root', empty, '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`cgdoctor: nothing could be checked under ${empty}: every rule was skipped (proc/1/mountinfo and proc/self/mountinfo not found)\n`);
    expect(JSON.parse(r.stdout).warnings).toEqual([
      'coverage: the root has no proc/: process, kubelet-flag and mount rules could not look',
      'coverage: no cgroup filesystem is mounted in the mount table: cgroup rules could not look',
    ]);
  });

  it('refuses to write --output inside the scanned root', () => {
    const root = fx('healthy-v1-systemd');
    const r = runCli(['scan', '--root', root, '-o', `${root}/report.txt`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is inside the scanned root/);
    expect(fs.existsSync(`${root}/report.txt`)).toBe(false);
  });

  it('writes --output elsewhere', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cgdoctor-out-')), 'r.json');
    expect(runCli(['scan', '--root', fx('healthy-v1-systemd'), '--format', 'json', '-o', out])).toMatchObject({ code: 0, stdout: '' });
    expect(JSON.parse(fs.readFileSync(out, 'utf8')).summary.error).toBe(0);
  });
});

describe('explain', () => {
  /** explain's JSON, checked against contract/explain.schema.json. */
  const explained = (args: string[], input?: string) => {
    const j = JSON.parse(runCli(['explain', ...args, '--format', 'json'], {}, undefined, input === undefined ? {} : { input }).stdout);
    expect(checkExplain(j)).toEqual([]);
    return j;
  };
  const matches = (q: string) => {
    const r = runCli(['explain', q, '--format', 'json']);
    expect(checkExplain(JSON.parse(r.stdout))).toEqual([]);
    return {
      code: r.code,
      ...(JSON.parse(r.stdout) as {
        query: string;
        verdict: string;
        candidates: string[];
        matches: Array<{ rule: string; name: string; score: number; decidedBy?: Record<string, string> }>;
      }),
    };
  };

  it('names CG003 for "cannot find cgroup mount destination" (seed 004)', () => {
    const m = matches(
      'Failed create pod sandbox: rpc error: code = Unknown desc = failed to start sandbox container for pod "xxx-sf-32c80-0": Error response from daemon: cgroups: cannot find cgroup mount destination: unknown',
    );
    expect(m.matches[0]).toMatchObject({
      rule: 'CG003',
      name: 'controller-not-mounted',
      tool: 'containerd',
      source: 'containerd/cgroups cgroup1/errors.go (ErrNoCgroupMountDestination)',
    });
    expect(m.matches[0]!.score).toBeGreaterThanOrEqual(0.9);
    expect(m.verdict).toBe('match');
  });

  it('names CG001 for "cpuset.cpus found to be empty" (seed 000)', () => {
    const m = matches(
      'W0120 04:32:48.944092  660625 container.go:586] Failed to update stats for container "/system.slice/kubelet.service": /sys/fs/cgroup/cpuset/system.slice/kubelet.service/cpuset.cpus found to be empty, continuing to push stats',
    );
    expect(m.matches[0]!.rule).toBe('CG001');
  });

  it('names CG006 for unknown container "/systemd/system.slice", decided by the path (seed 002)', () => {
    const m = matches('unknown container "/systemd/system.slice"');
    expect(m.matches[0]).toMatchObject({ rule: 'CG006', tool: 'cadvisor', decidedBy: { path: '/systemd/system.slice' } });
    // A hierarchy name in front is a form error, not a missing unit.
    expect(m.matches.map((x) => x.rule)).not.toContain('CG005');
  });

  it('says when the text cannot decide, and which rules it leaves open', () => {
    const m = matches(
      'Failed to get system container stats for "/system.slice/docker.service": failed to get cgroup stats for "/system.slice/docker.service": failed to get container info for "/system.slice/docker.service": unknown container "/system.slice/docker.service"',
    );
    expect(m.verdict).toBe('ambiguous');
    expect(m.matches[0]!.rule).toBe('CG005');
    expect(m.candidates).toEqual(expect.arrayContaining(['CG005', 'CG007']));
  });

  it('answers an error outside the catalogue with what it is, not a weak rule', () => {
    const r = runCli(['explain', 'Memory cgroup out of memory: Killed process 4242 (java) total-vm:1000kB', '--format', 'json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect([j.verdict, j.matches, j.outside.id]).toEqual(['outside', [], 'oom-killed']);
    const text = runCli(['explain', 'Memory cgroup out of memory: Killed process 4242 (java) total-vm:1000kB']).stdout.replace(/\s+/g, ' ');
    expect(text).toMatch(/^This looks like an OOM kill by a real memory limit \(\d\.\d\d\): .* No cgroup rule explains it\. /);
  });

  it('with --root, runs the candidates on that node and puts first the one whose cause is there', () => {
    const q =
      'Failed to get system container stats for "/system.slice/kubelet.service": failed to get cgroup stats for "/system.slice/kubelet.service": failed to get container info for "/system.slice/kubelet.service": unknown container "/system.slice/kubelet.service"';
    expect(matches(q).matches[0]!.rule).toBe('CG005');
    const j = explained([q, '--root', fx('seed-000-cpuset-empty-kubelet-metrics')]);
    expect(j.matches[0]).toMatchObject({
      rule: 'CG001',
      node: { status: 'found', findings: expect.arrayContaining([expect.objectContaining({ rule: 'CG001', subject: '/system.slice/kubelet.service' })]) },
    });
    expect(j.matches.find((x: { rule: string }) => x.rule === 'CG005').node).toEqual({ status: 'absent' });
  });

  it('prints a rule by id or name, as text or JSON', () => {
    expect(runCli(['explain', 'cgroup-driver-mismatch']).stdout).toMatch(/^CG009 cgroup-driver-mismatch \(error\)\n/);
    const j = JSON.parse(runCli(['explain', 'cg009', '--format', 'json']).stdout);
    expect(Object.keys(j)).toEqual(['id', 'name', 'severity', 'title', 'checks', 'why', 'symptoms', 'fix', 'refs', 'symptomsOf']);
  });

  it('exits 1 with empty matches when nothing fits', () => {
    expect(matches('the quick brown fox')).toEqual({ code: 1, query: 'the quick brown fox', verdict: 'none', matches: [], candidates: [], slots: {} });
  });

  it('reads the message from standard input with -', () => {
    const r = runCli(['explain', '-'], {}, undefined, { input: 'Error response from daemon:\n  cgroups: cannot find cgroup mount destination: unknown\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Rules whose symptoms match, best first:\n {2}CG003 controller-not-mounted/);
    expect(runCli(['explain', '-'], {}, undefined, { input: 'CG009\n' }).stdout).toMatch(/^CG009 cgroup-driver-mismatch \(error\)\n/);
  });

  it('explains a paste line by line and sums it up by cause, as text and JSON', () => {
    const paste = [
      'Jan 20 04:33:01 node1 kubelet[6606]: E0120 04:33:01.000001  6606 pod_workers.go:191] Failed create pod sandbox: rpc error: code = Unknown desc = failed to start sandbox container for pod "web-0": Error response from daemon: cgroups: cannot find cgroup mount destination: unknown',
      'Jan 20 04:33:02 node1 kernel: Memory cgroup out of memory: Killed process 24984 (java) total-vm:10752kB',
      'Jan 20 04:33:03 node1 kubelet[6606]: E0120 04:33:03.000001  6606 pod_workers.go:191] Failed create pod sandbox: rpc error: code = Unknown desc = failed to start sandbox container for pod "web-1": Error response from daemon: cgroups: cannot find cgroup mount destination: unknown',
      'Jan 20 04:33:04 node1 kubelet[6606]: I0120 04:33:04.000001  6606 kubelet.go:1] all good',
    ].join('\n');
    const j = explained(['-'], paste);
    expect(j.verdict).toBe('paste');
    expect(j.matches).toEqual([expect.objectContaining({ rule: 'CG003', lines: [1, 3] })]);
    expect(j.outside).toEqual([expect.objectContaining({ id: 'oom-killed', lines: [2] })]);
    expect(j.unexplained).toEqual([4]);
    expect(j.lines.map((l: { line: number; verdict: string }) => [l.line, l.verdict])).toEqual([
      [1, 'match'],
      [2, 'outside'],
      [3, 'match'],
      [4, 'none'],
    ]);
    const text = runCli(['explain', '-'], {}, undefined, { input: paste });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^4 messages:\n/);
    expect(text.stdout).toMatch(/By cause:\n {2}CG003 controller-not-mounted \(error\): lines 1, 3\n/);
  });

  it('with --root, sums a paste up by the causes the node confirms', () => {
    const stats =
      'E0120 05:16:28.046002  660625 summary_sys_containers.go:48] Failed to get system container stats for "/system.slice/kubelet.service": failed to get cgroup stats for "/system.slice/kubelet.service": failed to get container info for "/system.slice/kubelet.service": unknown container "/system.slice/kubelet.service"';
    const paste = `${stats}\n${stats.replace('05:16:28', '05:17:28')}\n`;
    expect(explained(['-'], paste).matches.map((m: { rule: string }) => m.rule)).toEqual(['CG005']);
    const j = explained(['-', '--root', fx('seed-000-cpuset-empty-kubelet-metrics')], paste);
    expect(j.matches).toEqual([expect.objectContaining({ rule: 'CG001', lines: [1, 2], node: expect.objectContaining({ status: 'found' }) })]);
  });

  it('with --from, checks the candidates on a capture', () => {
    const cap = path.join(tmp(), 'seed-004.tar.gz');
    expect(runCli(['capture', '--root', fx('seed-004-cpu-mirror-unmounted'), '-o', cap]).code).toBe(0);
    const j = explained(['--from', cap, 'cgroups: cannot find cgroup mount destination: unknown']);
    expect(j.matches[0]).toMatchObject({ rule: 'CG003', node: { status: 'found', findings: [expect.objectContaining({ subject: 'name=cpu_mirror' })] } });
  });

  it('takes an unquoted message as several words', () => {
    expect(runCli(['explain', 'cannot', 'find', 'cgroup', 'mount', 'destination']).stdout).toMatch(/CG003 controller-not-mounted/);
  });
});

describe('colour', () => {
  const args = ['scan', '--root', fx('seed-004-cpu-mirror-unmounted')];
  it('FORCE_COLOR turns it on off a terminal; NO_COLOR and --no-color turn it off', () => {
    expect(runCli(args, { NO_COLOR: undefined, FORCE_COLOR: '1' }).stdout).toMatch(/\x1b\[31m/);
    expect(runCli(args, { NO_COLOR: '1', FORCE_COLOR: '1' }).stdout).not.toMatch(/\x1b\[/);
    expect(runCli([...args, '--no-color'], { NO_COLOR: undefined, FORCE_COLOR: '1' }).stdout).not.toMatch(/\x1b\[/);
    expect(runCli(args, { NO_COLOR: undefined }).stdout).not.toMatch(/\x1b\[/);
  });
});
