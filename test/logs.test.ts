import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { LogMatcher } from '../src/symptoms/logs.js';
import { logMessage, messageKey } from '../src/symptoms/log-line.js';
import { readLogs } from '../src/cli/logs-input.js';
import { CliError } from '../src/cli/errors.js';
import { RULES } from '../src/rules/index.js';
import { runCli } from './helpers.js';

const CPUSET =
  'W0120 04:32:48.944092  660625 container.go:586] Failed to update stats for container "/system.slice/kubelet.service": /sys/fs/cgroup/cpuset/system.slice/kubelet.service/cpuset.cpus found to be empty, continuing to push stats';
const MOUNT = 'failed to start sandbox container for pod "x": Error response from daemon: cgroups: cannot find cgroup mount destination: unknown';
const DRIVER =
  'E1125 02:46:15.1 1203 server.go:302] "Failed to run kubelet" err="failed to run Kubelet: misconfiguration: kubelet cgroup driver: \\"systemd\\" is different from docker cgroup driver: \\"cgroupfs\\""';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cgdoctor-logs-'));
});

describe('log formats', () => {
  it('takes the message from journalctl -o short, -o json (text or bytes) and plain lines', () => {
    expect(logMessage(`Jan 20 04:32:48 node1 kubelet[660625]: ${CPUSET}`)).toBe(CPUSET);
    expect(logMessage(`2026-11-25T02:46:15.123456+0000 node1 kubelet[1203]: ${MOUNT}`)).toBe(MOUNT);
    expect(logMessage(JSON.stringify({ MESSAGE: MOUNT, _SYSTEMD_UNIT: 'kubelet.service' }))).toBe(MOUNT);
    expect(logMessage(JSON.stringify({ MESSAGE: [...Buffer.from('bytes ok')] }))).toBe('bytes ok');
    expect(logMessage('{not json')).toBe('{not json');
  });

  it('counts repeats of one message as one, whatever their timestamps and ids', () => {
    expect(messageKey(CPUSET)).toBe(messageKey(CPUSET.replace('04:32:48.944092', '09:00:01.000001')));
  });
});

describe('LogMatcher', () => {
  it('credits each line to the rules whose symptom it shows, with counts and samples', () => {
    const m = new LogMatcher(RULES);
    for (const [i, l] of ['nothing to see', CPUSET, CPUSET.replace('48.944092', '58.1'), MOUNT, DRIVER].entries()) m.line('kubelet.log', i + 1, l);
    const r = m.result();
    expect([r.lines, r.matched]).toEqual([5, 4]);
    expect([...r.byRule.keys()].sort()).toEqual(['CG001', 'CG003', 'CG009']);
    expect(r.byRule.get('CG001')![0]).toMatchObject({
      count: 2,
      samples: [
        { path: 'kubelet.log', line: 2 },
        { path: 'kubelet.log', line: 3 },
      ],
    });
  });
});

describe('readLogs', () => {
  it('streams plain and gzip files, and cuts an overlong line', async () => {
    const plain = path.join(dir, 'a.log');
    fs.writeFileSync(plain, `${'x'.repeat(200_000)}\n${CPUSET}\n`);
    const gz = path.join(dir, 'b.log.gz');
    fs.writeFileSync(gz, gzipSync(`${MOUNT}\n${MOUNT}`));
    const r = await readLogs([plain, gz], RULES);
    expect(r.lines).toBe(4);
    expect(r.byRule.get('CG001')![0]!.samples[0]).toMatchObject({ path: plain, line: 2 });
    expect(r.byRule.get('CG003')![0]).toMatchObject({ count: 2 });
  });

  it('refuses a missing file and a truncated gzip with one line', async () => {
    await expect(readLogs([path.join(dir, 'none.log')], RULES)).rejects.toThrow(/none\.log: no such file/);
    const bad = path.join(dir, 'bad.gz');
    fs.writeFileSync(bad, gzipSync(CPUSET.repeat(100)).subarray(0, 40));
    await expect(readLogs([bad], RULES)).rejects.toThrow(CliError);
    await expect(readLogs([bad], RULES)).rejects.toThrow(/bad\.gz: corrupt or truncated gzip/);
  });
});

describe('scan --logs', () => {
  it('adds log lines to the finding whose cause the tree shows', () => {
    const log = path.join(dir, 'seed000.log');
    fs.writeFileSync(log, `Jan 20 04:32:48 node1 kubelet[660625]: ${CPUSET}\n`);
    const j = JSON.parse(runCli(['scan', '--root', 'fixtures/seed-000-cpuset-empty-kubelet-metrics/root', '--format', 'json', '--logs', log]).stdout);
    const cg001 = j.findings.filter((f: { rule: string }) => f.rule === 'CG001');
    expect(cg001.map((f: { evidence: Array<{ path: string; line: number }> }) => f.evidence.at(-1))).toEqual([
      { path: log, line: 1, excerpt: `${CPUSET.slice(0, 200)}…` },
      { path: log, line: 1, excerpt: `${CPUSET.slice(0, 200)}…` },
    ]);
  });

  it('gives a line the text cannot pin down to the candidate whose cause the tree shows, and none to an error outside the catalogue', () => {
    const log = path.join(dir, 'ambiguous.log');
    const stats =
      'E0120 05:16:28.046002  660625 summary_sys_containers.go:48] Failed to get system container stats for "/system.slice/kubelet.service": failed to get cgroup stats for "/system.slice/kubelet.service": failed to get container info for "/system.slice/kubelet.service": unknown container "/system.slice/kubelet.service"';
    const oom = 'kernel: Memory cgroup out of memory: Killed process 4242 (java) total-vm:1000kB, anon-rss:10kB';
    fs.writeFileSync(log, `${stats}\n${oom}\n`);
    const j = JSON.parse(runCli(['scan', '--root', 'fixtures/seed-000-cpuset-empty-kubelet-metrics/root', '--format', 'json', '--logs', log]).stdout);
    // The text says CG005 first, but seed 000's tree shows CG001's cause: the line joins CG001.
    const withLog = j.findings.filter((f: { evidence: Array<{ path: string }> }) => f.evidence.some((e) => e.path === log));
    expect(withLog.map((f: { rule: string; subject: string }) => [f.rule, f.subject])).toEqual([
      ['CG001', '/system.slice'],
      ['CG001', '/system.slice/kubelet.service'],
    ]);
    expect(JSON.stringify(j.findings)).not.toContain('Killed process');
  });

  it('reports a symptom-only note when the tree does not show the cause', () => {
    const log = path.join(dir, 'healthy.log');
    fs.writeFileSync(log, `${MOUNT}\n${MOUNT}\n${MOUNT}\n`);
    const r = runCli(['scan', '--root', 'fixtures/healthy-v2-systemd/root', '--format', 'json', '--logs', log]);
    const j = JSON.parse(r.stdout);
    expect(j.findings).toEqual([
      {
        rule: 'CG003',
        name: 'controller-not-mounted',
        severity: 'warning',
        subject: 'symptom-only',
        message:
          "the log shows CG003's symptom (3 lines) but the scanned tree does not show the cause (it may have been fixed since, or lie outside what was scanned). A controller or named hierarchy in /proc/<pid>/cgroup has no cgroup mount.",
        evidence: [{ path: log, line: 1, excerpt: `(×3) ${MOUNT}` }],
        remediation: RULES.find((x) => x.id === 'CG003')!.docs.fix,
      },
    ]);
    expect(r.code).toBe(0);
  });
});

describe('--logs - reads standard input', () => {
  const seed = 'fixtures/seed-000-cpuset-empty-kubelet-metrics/root';
  const stdinEvidence = (input: string | Buffer, extra: string[] = []) => {
    const r = runCli(['scan', '--root', seed, '--format', 'json', '--logs', '-', ...extra], {}, undefined, { input });
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout) as { findings: Array<{ rule: string; evidence: Array<{ path: string; line: number | null; excerpt: string }> }> };
    return j.findings.filter((f) => f.rule === 'CG001').map((f) => f.evidence.at(-1));
  };

  it('plain, named (stdin) in the evidence: `journalctl -u kubelet | cgdoctor scan --logs -`', () => {
    expect(stdinEvidence(`Jan 20 04:32:48 node1 kubelet[660625]: ${CPUSET}\n`)[0]).toEqual({ path: '(stdin)', line: 1, excerpt: `${CPUSET.slice(0, 200)}…` });
  });

  it('gzip, told from its first bytes, beside a file', () => {
    const log = path.join(dir, 'other.log');
    fs.writeFileSync(log, `${MOUNT}\n`);
    expect(stdinEvidence(gzipSync(`nothing\n${CPUSET}\n`), [log])[0]).toMatchObject({ path: '(stdin)', line: 2 });
  });

  it('a truncated gzip is one line and exit 2', () => {
    const r = runCli(['scan', '--root', seed, '--logs', '-'], {}, undefined, { input: gzipSync(CPUSET.repeat(100)).subarray(0, 40) });
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/^cgdoctor: --logs -: corrupt or truncated gzip .*\n$/)]);
  });
});
