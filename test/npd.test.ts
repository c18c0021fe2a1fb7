import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderNpd } from '../src/report/npd.js';
import type { ScanResult } from '../src/scan.js';
import { FIXTURES, ROOT, fixtureNames, noFacts, runCli } from './helpers.js';

/**
 * `--format npd` as node-problem-detector's custom plugin monitor takes it
 * (kubernetes/node-problem-detector pkg/custompluginmonitor): the exit status is the condition
 * (0 OK, 1 NonOK, 2 Unknown), and the first max_output_length bytes of stdout (80 by default) are
 * its message. deploy/npd-cgdoctor.json is the monitor's configuration, held to the checks NPD's
 * own config.go applies when it loads one.
 */

const npdLine = (args: string[]) => {
  const r = runCli([...args, '--format', 'npd']);
  return { ...r, line: r.stdout.replace(/\n$/, '') };
};

/** What NPD keeps of a plugin's output: stdout cut to max_output_length bytes, trimmed. */
const npdKeeps = (stdout: string, max = 80) => Buffer.from(stdout).subarray(0, max).toString('utf8').trim();

describe('--format npd on every fixture', () => {
  for (const name of fixtureNames('root')) {
    it(`${name}: one ASCII line of at most 80 bytes, the exit status as json's, most severe first`, () => {
      const root = path.join(FIXTURES, name, 'root');
      const json = runCli(['scan', '--root', root, '--format', 'json']);
      const npd = npdLine(['scan', '--root', root]);
      expect(npd.stdout.split('\n')).toHaveLength(2);
      expect(Buffer.byteLength(npd.line)).toBeLessThanOrEqual(80);
      expect(npd.line).toMatch(/^[\x20-\x7e]+$/);
      expect(npdKeeps(npd.stdout)).toBe(npd.line);
      expect(npd.code).toBe(json.code);
      const findings = (JSON.parse(json.stdout) as ScanResult).findings;
      const rank = { error: 0, warning: 1, info: 2 };
      const shown = [...npd.line.matchAll(/\bCG\d{3}\b/g)].map((m) => m[0]);
      const expected = [...findings].sort((a, b) => rank[a.severity] - rank[b.severity]).map((f) => f.rule);
      expect(shown).toEqual(expected.slice(0, shown.length));
      const more = /\+(\d+) more$/.exec(npd.line);
      expect(shown.length + Number(more?.[1] ?? 0)).toBe(findings.length);
    });
  }
});

describe('--format npd lines', () => {
  it('names the problems of seed 000 by rule and subject, cutting a long subject at a path component', () => {
    expect(npdLine(['scan', '--root', 'fixtures/seed-000-cpuset-empty-kubelet-metrics/root'])).toMatchObject({
      code: 1,
      line: '2 errors, 3 warnings: CG001 /system.slice, CG001 .../kubelet.service, +3 more',
    });
  });

  it('is OK with exit 0 on a healthy node, and OK with its warnings when none reaches --fail-on', () => {
    expect(npdLine(['scan', '--root', 'fixtures/healthy-v2-systemd/root'])).toMatchObject({ code: 0, line: 'OK: no finding (32 rules checked, 1 skipped)' });
    expect(npdLine(['scan', '--root', 'fixtures/healthy-v1-cgroupfs/root'])).toMatchObject({ code: 0, line: 'OK: 2 warnings: CG018 v1, CG032 kernel' });
    expect(npdLine(['scan', '--root', 'fixtures/healthy-v1-cgroupfs/root', '--fail-on', 'warning'])).toMatchObject({ code: 1, line: '2 warnings: CG018 v1, CG032 kernel' });
  });

  it('is unknown with exit 2, on stdout where NPD reads it, when the root cannot be read or nothing could be checked', () => {
    const missing = npdLine(['scan', '--root', '/nonexistent-cgdoctor-root']);
    expect(missing).toMatchObject({ code: 2, line: 'unknown: --root /nonexistent-cgdoctor-root: no such directory' });
    expect(missing.stderr).toBe('cgdoctor: --root /nonexistent-cgdoctor-root: no such directory\n');
    const empty = npdLine(['scan', '--root', 'docs']);
    expect(empty.code).toBe(2);
    expect(empty.line).toBe('unknown: nothing could be checked under docs: every rule was skipped (proc/1/...');
  });

  const many = (n: number, subject: (i: number) => string): ScanResult => ({
    tool: { name: 'cgdoctor', version: '0.1.0' },
    root: '/host',
    node: 'n',
    layout: 'v1',
    facts: noFacts('v1'),
    findings: Array.from({ length: n }, (_, i) => ({
      rule: `CG${String(i % 31).padStart(3, '0')}`,
      name: 'x',
      severity: i % 3 === 0 ? 'info' : i % 3 === 1 ? 'warning' : 'error',
      subject: subject(i),
      message: 'm',
      evidence: [],
      remediation: 'r',
    })),
    skipped: [],
    warnings: [],
    summary: { error: Math.floor((n + 0) / 3), warning: Math.floor((n + 1) / 3), info: Math.floor((n + 2) / 3), rulesRun: 31, rulesSkipped: 0, durationMs: 1 },
  });

  it('fits 80 bytes and counts what it leaves out, whatever the subjects', () => {
    for (const n of [1, 2, 3, 7, 40]) {
      for (const subject of [
        (i: number) => `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${i}.slice/cri-containerd-${'a'.repeat(64)}.scope`,
        () => 'x'.repeat(200),
        () => 'ümlaut/\u001b[2J/日本',
      ]) {
        const r = many(n, subject);
        const line = renderNpd(r, 'error').replace(/\n$/, '');
        expect(Buffer.byteLength(line), line).toBeLessThanOrEqual(80);
        expect(line).toMatch(/^[\x20-\x7e]+$/);
        expect(line, line).toMatch(/^(OK: )?\d+ (errors?|warnings?|info)(, \d+ (warnings?|info))*: CG/);
        const shown = [...line.matchAll(/\bCG\d{3}\b/g)].length;
        const more = Number(/\+(\d+) more$/.exec(line)?.[1] ?? 0);
        expect(shown + more, line).toBe(n);
        expect(shown, line).toBeGreaterThan(0);
      }
    }
  });
});

/** Go's time.ParseDuration, for the units NPD's configurations use. */
const goDuration = (s: string) => {
  const parts = [...s.matchAll(/(\d+(?:\.\d+)?)(ns|us|ms|s|m|h)/gy)];
  if (parts.map((p) => p[0]).join('') !== s || parts.length === 0) throw new Error(`${s} is not a Go duration`);
  const unit: Record<string, number> = { ns: 1e-6, us: 1e-3, ms: 1, s: 1e3, m: 6e4, h: 3.6e6 };
  return parts.reduce((t, p) => t + Number(p[1]) * unit[p[2]!]!, 0);
};

describe('deploy/npd-cgdoctor.json', () => {
  const config = JSON.parse(fs.readFileSync(path.join(ROOT, 'deploy', 'npd-cgdoctor.json'), 'utf8'));

  it("passes NPD's own checks: custom plugin, Go durations, rule timeouts within the global one, a default for each permanent condition", () => {
    expect(config.plugin).toBe('custom');
    const global = goDuration(config.pluginConfig.timeout);
    expect(goDuration(config.pluginConfig.invoke_interval)).toBeGreaterThan(global);
    expect(config.pluginConfig.max_output_length).toBe(80);
    expect(config.rules.length).toBeGreaterThan(0);
    for (const rule of config.rules) {
      expect(goDuration(rule.timeout)).toBeLessThanOrEqual(global);
      expect(rule.type).toBe('permanent');
      expect(config.conditions.map((c: { type: string }) => c.type)).toContain(rule.condition);
    }
    expect(config.conditions).toEqual([expect.objectContaining({ type: 'CgroupUnhealthy' })]);
  });

  it('runs a command that speaks the protocol: its arguments, on a fixture as /host, exit 1 with the problem line', () => {
    const args: string[] = config.rules[0].args;
    expect(args.slice(0, 3)).toEqual(['scan', '--root', '/host']);
    const onFixture = args.map((a) => (a === '/host' ? 'fixtures/seed-004-cpu-mirror-unmounted/root' : a));
    const r = runCli(onFixture);
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 1, stdout: '1 error, 2 warnings: CG003 name=cpu_mirror, CG018 v1, CG032 kernel\n' });
  });
});
