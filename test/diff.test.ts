import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

const fx = (n: string) => `fixtures/${n}/root`;

describe('cgdoctor diff', () => {
  it('names the findings on one side only and the facts that differ, and exits 1', () => {
    const r = runCli(['diff', fx('healthy-v1-systemd'), fx('seed-000-cpuset-empty-kubelet-metrics'), '--format', 'json']);
    expect(r.code).toBe(1);
    const d = JSON.parse(r.stdout);
    expect(d.onlyA).toEqual([]);
    expect(d.onlyB.map((f: { rule: string; subject: string }) => `${f.rule} ${f.subject}`)).toEqual([
      'CG001 /system.slice',
      'CG001 /system.slice/kubelet.service',
      'CG002 kubelet.service',
      // CentOS 7's kernel 3.10 is below the 5.8 cgroup v2 needs; healthy-v1-systemd's 5.15 is not.
      'CG032 kernel',
    ]);
    expect(d.both).toEqual([{ rule: 'CG018', subject: 'v1' }]);
    const facts = Object.fromEntries(d.facts.map((f: { fact: string; a: string; b: string }) => [f.fact, [f.a, f.b]]));
    expect(facts['runtime']).toEqual(['containerd', 'docker']);
    expect(facts['kubelet cpuManagerPolicy']).toEqual(['none (default)', 'static']);
    expect(facts['cpuset.cpus /system.slice/kubelet.service']).toEqual(['(no such cgroup)', '(empty)']);
    // Explicitly set to the default is no difference.
    expect(facts['kubelet cgroupsPerQOS']).toBeUndefined();
  });

  it('a tree and its own capture do not differ: exit 0', () => {
    const cap = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cgdoctor-diff-')), 'c.tar.gz');
    expect(runCli(['capture', '--root', fx('seed-002-unknown-container-systemd-slice'), '-o', cap]).code).toBe(0);
    const r = runCli(['diff', fx('seed-002-unknown-container-systemd-slice'), cap]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Facts that differ \(0\)/);
  });

  it('refuses what is neither a directory nor a capture', () => {
    const r = runCli(['diff', '/nonexistent/a', fx('healthy-v2-systemd')]);
    expect([r.code, r.stderr]).toEqual([2, 'cgdoctor: /nonexistent/a: no such directory or capture\n']);
  });
});
