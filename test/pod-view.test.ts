import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, readExpected, runCli, writeTree } from './helpers.js';
import type { ScanResult } from '../src/scan.js';
import { expectationOf, ruleCase } from './rules/cases.js';

/**
 * `docker run --pid=host -v /:/host:ro IMAGE scan --root /host`, or a DaemonSet pod with hostPID
 * and the node at /host: /host/proc/self is the scanner, whose mount table is its container's
 * (its own overlay root and cgroup mounts of its subtree) plus the node's mounts again under
 * /host (docker binds volumes recursively). pid 1's table is the node's. The scan must read
 * pid 1's and give exactly the node's findings.
 */
const CID = '4f1c0b2d9e8a7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a29181706f5e4d3c2b1a090';
const SCANNER = 31337;

function containerTable(nodeTable: string): string {
  const cgroupLines = nodeTable.split('\n').filter((l) => / - cgroup2? /.test(l));
  const out = [
    `1200 1100 0:300 / / rw,relatime - overlay overlay rw,lowerdir=/var/lib/docker/overlay2/l/ABCD:/var/lib/docker/overlay2/l/EFGH,upperdir=/var/lib/docker/overlay2/${CID}/diff,workdir=/var/lib/docker/overlay2/${CID}/work`,
    '1201 1200 0:301 / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw',
    '1202 1200 0:302 / /dev rw,nosuid - tmpfs tmpfs rw,size=65536k,mode=755',
    '1203 1200 0:303 / /sys ro,nosuid,nodev,noexec,relatime - sysfs sysfs ro',
    '1204 1203 0:304 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime - tmpfs tmpfs rw,mode=755',
  ];
  let id = 1300;
  // The container's own cgroup mounts: its subtree of each hierarchy, read-only.
  for (const l of cgroupLines) {
    const f = l.split(' ');
    out.push([id++, 1204, f[2], `/docker/${CID}`, f[4], 'ro,nosuid,nodev,noexec,relatime', '-', ...l.split(' - ')[1]!.split(' ')].join(' '));
  }
  out.push(`${id++} 1200 8:1 / /host ro,relatime - ext4 /dev/sda1 rw`);
  // The node's mounts again, under /host.
  for (const l of cgroupLines) {
    const f = l.split(' ');
    out.push([id++, 1204, f[2], f[3], `/host${f[4]}`, 'ro,nosuid,nodev,noexec,relatime', '-', ...l.split(' - ')[1]!.split(' ')].join(' '));
  }
  return `${out.join('\n')}\n`;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cgdoctor-test-podview-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

type Expected = { findings: Array<{ rule: string; severity: string; subject: string }> };

/** Puts a node at `host` and says what a scan of it reports. */
const fixture =
  (name: string) =>
  async (host: string): Promise<Expected> => {
    fs.cpSync(path.join(FIXTURES, name, 'root'), host, { recursive: true });
    return readExpected(name);
  };
const rule =
  (id: string) =>
  async (host: string): Promise<Expected> => {
    const { tree, expected } = expectationOf(await ruleCase(id));
    writeTree(host, tree);
    return expected;
  };

const NODES: Record<string, (host: string) => Promise<Expected>> = {
  'seed-000-cpuset-empty-kubelet-metrics': fixture('seed-000-cpuset-empty-kubelet-metrics'),
  'seed-004-cpu-mirror-unmounted': fixture('seed-004-cpu-mirror-unmounted'),
  'healthy-v1-systemd': fixture('healthy-v1-systemd'),
  'healthy-hybrid': fixture('healthy-hybrid'),
  'healthy-v2-systemd': fixture('healthy-v2-systemd'),
  // A controller mounted twice, which the scanner's own table repeats once more under /host.
  'CG017 fires': rule('CG017 fires'),
};

describe("the pod's view: /host/proc/self is the scanner, /host/proc/1 the node", () => {
  for (const [name, place] of Object.entries(NODES)) {
    it(name, async () => {
      const host = path.join(tmp, name.replaceAll(' ', '-'));
      const expected = await place(host);
      const nodeTable = fs.readFileSync(path.join(host, 'proc/1/mountinfo'), 'utf8');
      const scanner = path.join(host, 'proc', String(SCANNER));
      fs.mkdirSync(scanner, { recursive: true });
      fs.writeFileSync(path.join(scanner, 'mountinfo'), containerTable(nodeTable));
      fs.writeFileSync(path.join(scanner, 'comm'), 'cgdoctor\n');
      fs.writeFileSync(path.join(scanner, 'cgroup'), `0::/system.slice/docker-${CID}.scope\n`);
      // procfs's own link: relative, to the reader's pid.
      fs.symlinkSync(String(SCANNER), path.join(host, 'proc', 'self'));
      const r = runCli(['scan', '--root', host, '--format', 'json']);
      const j = JSON.parse(r.stdout) as ScanResult;
      const key = (f: { rule: string; severity: string; subject: string }) => `${f.severity} ${f.rule} ${f.subject}`;
      expect(j.findings.map(key).sort()).toEqual(expected.findings.map(key).sort());
      expect(r.code).toBe(expected.findings.some((f) => f.severity === 'error') ? 1 : 0);
      expect(j.facts.view).toEqual({ mountinfo: 'proc/1/mountinfo', whose: "pid 1's (the node's view)" });
    });
  }
});
