#!/usr/bin/env node
// Writes N scan JSON reports, node-00001.json ..., into DIR, as a fleet's DaemonSets or
// `kubectl cgdoctor` would leave them, for `cgdoctor report`: each node draws, from a seed, a
// layout and a set of findings from a menu of real ones (the seed incidents' and the layouts'),
// with the facts block and the skipped rules a real report carries. Returns, and with --manifest
// writes, which node has which rule and subject, so a test can count without cgdoctor.
//   node bench/gen-reports.mjs DIR N [SEED]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { prng } from '../scripts/prng.mjs';

const ev = (p, line, excerpt) => ({ path: p, line, excerpt });
/** Findings as cgdoctor reports them, with the share of nodes that have each. */
const MENU = [
  {
    share: 0.41,
    f: {
      rule: 'CG001',
      name: 'cpuset-empty',
      severity: 'error',
      subject: '/system.slice/kubelet.service',
      message: 'cpuset.cpus and cpuset.mems are empty in /sys/fs/cgroup/cpuset/system.slice/kubelet.service',
      evidence: [ev('sys/fs/cgroup/cpuset/system.slice/kubelet.service/cpuset.cpus', 1, '')],
      remediation: "Copy the parent's values, top-down: `cat /sys/fs/cgroup/cpuset/system.slice/cpuset.cpus > /sys/fs/cgroup/cpuset/system.slice/kubelet.service/cpuset.cpus`",
    },
  },
  {
    share: 0.4,
    f: {
      rule: 'CG002',
      name: 'unit-precreates-cgroup',
      severity: 'warning',
      subject: 'kubelet.service',
      message: 'kubelet.service creates 4 cgroup directories before it starts',
      evidence: [ev('etc/systemd/system/kubelet.service', 9, 'ExecStartPre=/bin/mkdir -p /sys/fs/cgroup/cpuset/system.slice/kubelet.service')],
      remediation: 'Delete these lines, run `systemctl daemon-reload`, and restart kubelet.service.',
    },
  },
  {
    share: 0.07,
    f: {
      rule: 'CG003',
      name: 'controller-not-mounted',
      severity: 'error',
      subject: 'name=cpu_mirror',
      message: 'name=cpu_mirror is in /proc/1/cgroup but no hierarchy of it is mounted',
      evidence: [ev('proc/1/cgroup', 12, '12:name=cpu_mirror:/')],
      remediation: 'Mount it again or restart the processes that hold it.',
    },
  },
  {
    share: 0.05,
    f: {
      rule: 'CG009',
      name: 'cgroup-driver-mismatch',
      severity: 'error',
      subject: 'containerd',
      message: 'kubelet uses systemd, containerd uses cgroupfs',
      evidence: [ev('etc/containerd/config.toml', 31, 'SystemdCgroup = false')],
      remediation: 'Set SystemdCgroup = true and restart containerd.',
    },
  },
  {
    share: 0.02,
    f: {
      rule: 'CG020',
      name: 'cgroup-count-near-limit',
      severity: 'warning',
      subject: 'memory',
      message: 'memory has 60000 cgroups',
      evidence: [ev('proc/cgroups', 9, 'memory\t9\t60000\t1')],
      remediation: 'Find what leaks cgroups.',
    },
  },
];
const LAYOUTS = [
  {
    layout: 'v1',
    share: 0.6,
    always: {
      rule: 'CG018',
      name: 'cgroup-v1-deprecated',
      severity: 'warning',
      subject: 'v1',
      message: 'the node uses cgroup v1',
      evidence: [ev('proc/1/mountinfo', null, 'layout v1')],
      remediation: 'Move the node to cgroup v2.',
    },
  },
  { layout: 'v2', share: 0.4, always: null },
];
const SKIPPED = [
  { rule: 'CG024', reason: 'var/lib/kubelet/cpu_manager_state not found' },
  { rule: 'CG028', reason: "the scan reads a tree (--root), not the live /: its view is the capture's" },
];

export function generateReports(dir, n, seed = 1) {
  const r = prng(seed);
  fs.mkdirSync(dir, { recursive: true });
  const manifest = [];
  for (let i = 1; i <= n; i++) {
    const node = `node-${String(i).padStart(5, '0')}`;
    const layout = r() < LAYOUTS[0].share ? LAYOUTS[0] : LAYOUTS[1];
    const findings = [];
    if (layout.always) findings.push(layout.always);
    for (const m of MENU) if (r() < m.share && (m.f.rule !== 'CG003' || layout.layout === 'v1')) findings.push(m.f);
    const report = {
      tool: { name: 'cgdoctor', version: '0.1.0' },
      root: '/host',
      node,
      layout: layout.layout,
      facts: {
        kernel: '5.15.0-1057-aws',
        os: 'Ubuntu 22.04.4 LTS',
        distribution: { id: 'kubeadm', name: 'kubeadm', why: 'generated' },
        layout: layout.layout,
        view: null,
        privileges: { uid: 0, root: true },
        kubelet: null,
        runtime: null,
        configuration: null,
      },
      findings,
      skipped: layout.layout === 'v1' ? [...SKIPPED, { rule: 'CG031', reason: 'the node is not on cgroup v2 (layout v1)' }] : SKIPPED,
      warnings: [],
      summary: {
        error: findings.filter((f) => f.severity === 'error').length,
        warning: findings.filter((f) => f.severity === 'warning').length,
        info: 0,
        rulesRun: 28,
        rulesSkipped: 3,
        durationMs: 40 + Math.floor(r() * 200),
      },
    };
    fs.writeFileSync(path.join(dir, `${node}.json`), `${JSON.stringify(report, null, 2)}\n`);
    manifest.push({ node, layout: layout.layout, findings: findings.map((f) => ({ rule: f.rule, subject: f.subject, severity: f.severity })) });
  }
  return manifest;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [dir, n, seed] = process.argv.slice(2);
  if (!dir || !n) {
    console.error('usage: node bench/gen-reports.mjs DIR N [SEED]');
    process.exit(2);
  }
  generateReports(dir, Number(n), Number(seed ?? 1));
}
