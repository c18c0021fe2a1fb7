import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yaml from 'js-yaml';
import { BIN, ROOT } from '../helpers.js';
import { Run } from './lib/journal.js';
import { changes, snapshot, type Snapshot } from './lib/machine.js';
import { startDockerd, type Dockerd } from './lib/docker.js';
import { until } from './lib/support.js';
import { cannot, missingProgram } from './cases.js';

/**
 * The image as `npm run build:image` makes it, built and run by a Docker daemon of the suite's
 * own: it scans this machine from a `--pid=host` container with the node at /host, read-only,
 * and must find what a direct scan finds. The DaemonSet's and the Job's pod specs
 * (deploy/*.yaml) run under `docker run` with the same mounts, user, capabilities, read-only
 * root and memory limit, so a setting that breaks the scan in a pod breaks it here.
 */

const VERSION = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version as string;
let suite: Run | undefined;
let daemon: Dockerd | undefined;
let start: Snapshot | undefined;
let why: string | undefined;

beforeAll(() => {
  why = cannot(['root', 'unshare', 'bin:dockerd', 'no-daemons']) ?? missingProgram('docker');
  if (why) return;
  start = snapshot();
  suite = Run.start();
  daemon = startDockerd(suite);
}, 90_000);

afterAll(() => {
  let stopping: unknown;
  try {
    daemon?.stop();
  } catch (err) {
    stopping = err;
  }
  // Cleaned up whether or not the daemon stopped: the journal kills what is left.
  const problems = suite?.cleanup() ?? [];
  const left = start ? changes(start, snapshot()) : [];
  if (problems.length + left.length > 0) throw new Error(`the image suite left behind:\n  ${[...problems, ...left].join('\n  ')}`);
  if (stopping) throw stopping;
}, 60_000);

interface Finding {
  rule: string;
  subject: string;
}
interface Report {
  findings: Finding[];
  skipped: unknown[];
  warnings: string[];
  layout: string;
  node: string;
}

/** What a scan found, without what differs by who ran it and how long it took. */
const found = (r: Report) => ({ layout: r.layout, node: r.node, findings: r.findings });

/**
 * A scan of /host in a container skips what only a scan of the live / can check (CG028, whose
 * view the scanner has): its other skips are the direct scan's.
 */
function expectSameSkips(inPod: Report, direct: Report): void {
  const bare = (r: Report) => (r.skipped as Array<{ rule: string }>).filter((s) => s.rule !== 'CG028');
  expect(bare(inPod)).toEqual(bare(direct));
  expect((inPod.skipped as Array<{ rule: string; reason: string }>).find((s) => s.rule === 'CG028')?.reason).toBe(
    "the scan reads a tree (--root), not the live /: its view is the capture's",
  );
}

function directScan(): { code: number | null; report: Report } {
  const r = spawnSync(process.execPath, [BIN, 'scan', '--root', '/', '--format', 'json'], { encoding: 'utf8', env: { ...suite!.env, NO_COLOR: '1' }, maxBuffer: 64 << 20 });
  return { code: r.status, report: JSON.parse(r.stdout) as Report };
}

interface Container {
  name: string;
  image: string;
  args: string[];
  securityContext?: { runAsUser?: number; runAsGroup?: number; readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean; capabilities?: { drop?: string[] } };
  resources?: { limits?: { memory?: string } };
  volumeMounts?: Array<{ name: string; mountPath: string; readOnly?: boolean }>;
}
interface PodSpec {
  hostPID?: boolean;
  containers: Container[];
  volumes?: Array<{ name: string; hostPath?: { path: string } }>;
}

const manifest = (file: string) => yaml.load(fs.readFileSync(path.join(ROOT, 'deploy', file), 'utf8')) as { spec: { template: { spec: PodSpec } } };

/** Kubernetes quantities in bytes (Mi, Gi, M, G and plain numbers: the forms the manifests use). */
const bytes = (q: string) => {
  const m = /^(\d+)(Ki|Mi|Gi|K|M|G)?$/.exec(q);
  if (!m) throw new Error(`quantity ${q}: not a form this test reads`);
  return Number(m[1]) * { Ki: 1024, Mi: 2 ** 20, Gi: 2 ** 30, K: 1e3, M: 1e6, G: 1e9, '': 1 }[m[2] ?? '']!;
};

/**
 * `docker run` flags for a pod spec's one container, as the kubelet would set them up: hostPID,
 * each hostPath at its mountPath (read-only where the mount says so; `hostPaths` moves a host
 * directory the test must not write), the user, no capabilities, no privilege escalation, a
 * read-only root and the memory limit.
 */
function dockerFlags(pod: PodSpec, hostPaths: Record<string, string> = {}): string[] {
  const c = pod.containers[0]!;
  const flags = ['--network', 'none'];
  if (pod.hostPID) flags.push('--pid=host');
  for (const m of c.volumeMounts ?? []) {
    const host = pod.volumes?.find((v) => v.name === m.name)?.hostPath?.path;
    if (!host) throw new Error(`volume ${m.name} is not a hostPath: this test cannot run it`);
    flags.push('-v', `${hostPaths[host] ?? host}:${m.mountPath}${m.readOnly ? ':ro' : ''}`);
  }
  const sc = c.securityContext ?? {};
  if (sc.runAsUser !== undefined) flags.push('--user', `${sc.runAsUser}:${sc.runAsGroup ?? sc.runAsUser}`);
  if (sc.readOnlyRootFilesystem) flags.push('--read-only');
  if (sc.allowPrivilegeEscalation === false) flags.push('--security-opt', 'no-new-privileges');
  for (const cap of sc.capabilities?.drop ?? []) flags.push('--cap-drop', cap);
  if (c.resources?.limits?.memory) flags.push('--memory', String(bytes(c.resources.limits.memory)));
  return flags;
}

describe('the image', () => {
  it('is built by npm run build:image from scratch, with nothing pulled, as cgdoctor:latest and cgdoctor:<version>', (ctx) => {
    if (why) ctx.skip(why);
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build-image.mjs')], { cwd: ROOT, encoding: 'utf8', env: daemon!.env });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^build:image: built cgdoctor:latest and cgdoctor:${VERSION.replace(/\./g, '\\.')} from \\d+ libraries and dist/cgdoctor\\n$`));
    const inspect = JSON.parse(daemon!.docker(['image', 'inspect', 'cgdoctor:latest', `cgdoctor:${VERSION}`]).stdout) as Array<{
      Id: string;
      Config: { User: string; Entrypoint: string[]; Cmd: string[] };
      RootFS: { Layers: string[] };
    }>;
    expect(inspect[0]!.Id).toBe(inspect[1]!.Id);
    expect(inspect[0]!.Config).toMatchObject({ User: '65534:65534', Entrypoint: ['/cgdoctor'], Cmd: ['scan', '--root', '/host'] });
    // FROM scratch: the one layer is the COPY of dist/image/rootfs.
    expect(inspect[0]!.RootFS.Layers).toHaveLength(1);
    // Nothing but the image was ever in this daemon: no base image was pulled.
    expect(daemon!.docker(['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}']).stdout.trim().split('\n').sort()).toEqual([`cgdoctor:${VERSION}`, 'cgdoctor:latest'].sort());
  });

  it('scans this machine from a --pid=host container, read-only, with the findings of a direct scan', (ctx) => {
    if (why) ctx.skip(why);
    const direct = directScan();
    const r = daemon!.docker([
      'run',
      '--pull',
      'never',
      '--rm',
      '--network',
      'none',
      '--pid=host',
      '-v',
      '/:/host:ro',
      '--read-only',
      'cgdoctor:latest',
      'scan',
      '--root',
      '/host',
      '--format',
      'json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(direct.code);
    const inPod = JSON.parse(r.stdout) as Report & { root: string; facts: { privileges: unknown } };
    expect(found(inPod)).toEqual(found(direct.report));
    expectSameSkips(inPod, direct.report);
    expect(inPod.root).toBe('/host');
    // The image's default user reads what nobody may read: what it cannot is a warning, never a lost finding.
    expect(inPod.facts.privileges).toEqual({ uid: 65534, root: false });
    const extra = inPod.warnings.filter((w) => !direct.report.warnings.includes(w));
    for (const w of extra) expect(w).toMatch(/^could not read \S+: permission denied$/);
  });

  it("runs its default command, a table of this machine's scan", (ctx) => {
    if (why) ctx.skip(why);
    const direct = directScan();
    const r = daemon!.docker(['run', '--pull', 'never', '--rm', '--network', 'none', '--pid=host', '-v', '/:/host:ro', '--read-only', 'cgdoctor:latest']);
    expect(r.status).toBe(direct.code);
    for (const f of direct.report.findings) expect(r.stdout).toContain(f.rule);
    expect(r.stdout).not.toMatch(/^\s*\{/);
  });

  it("runs the Job's pod spec: the node's scan, as a direct scan exits", (ctx) => {
    if (why) ctx.skip(why);
    const job = manifest('job-node.yaml').spec.template.spec;
    const direct = directScan();
    const c = job.containers[0]!;
    const r = daemon!.docker(['run', '--pull', 'never', '--rm', ...dockerFlags(job), c.image, ...c.args, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(direct.code);
    const inPod = JSON.parse(r.stdout) as Report;
    expect(found(inPod)).toEqual(found(direct.report));
    expectSameSkips(inPod, direct.report);
    // As uid 0 it reads all the direct scan reads.
    expect(inPod.warnings).toEqual(direct.report.warnings);
  });

  it("runs the DaemonSet's pod spec: it writes the textfile, within its memory request, and exits 0 on SIGTERM", (ctx) => {
    if (why) ctx.skip(why);
    const ds = manifest('daemonset.yaml').spec.template.spec;
    const c = ds.containers[0]!;
    const textfileVolume = ds.volumes!.find((v) => v.name === 'textfile')!.hostPath!.path;
    const textfile = suite!.tempDir('textfile');
    const name = `${suite!.prefix}-ds`;
    const started = daemon!.docker(['run', '--pull', 'never', '-d', '--name', name, ...dockerFlags(ds, { [textfileVolume]: textfile }), c.image, ...c.args]);
    expect(started.stderr).toBe('');
    try {
      const out = path.join(textfile, 'cgdoctor.prom');
      expect(
        until(() => fs.existsSync(out), 30_000),
        daemon!.docker(['logs', name]).stderr,
      ).toBe(true);
      const prom = fs.readFileSync(out, 'utf8');
      const direct = directScan().report;
      for (const f of direct.findings)
        expect(prom).toMatch(new RegExp(`^cgdoctor_findings\\{rule="${f.rule}",[^}]*severity="${(f as Finding & { severity: string }).severity}"\\} [1-9]`, 'm'));
      expect(prom).toMatch(/^cgdoctor_info\{version="[^"]+",layout="[a-z0-9]+"\} 1$/m);
      const pid = Number(daemon!.docker(['inspect', '--format', '{{.State.Pid}}', name]).stdout.trim());
      const hwm = Number(/^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;
      process.stdout.write(`image suite: the DaemonSet's process peaked at ${(hwm / 2 ** 20).toFixed(1)} MiB resident (VmHWM)\n`);
      const request = bytes((c as Container & { resources: { requests: { memory: string } } }).resources.requests.memory);
      expect(hwm).toBeLessThan(request);
      const id = daemon!.docker(['inspect', '--format', '{{.Id}}', name]).stdout.trim();
      // The container's peak memory, from its own memory cgroup (v1 here; v2's memory.peak elsewhere).
      const peakFile = [
        path.join('/sys/fs/cgroup/memory', daemon!.cgroupParent, id, 'memory.max_usage_in_bytes'),
        path.join('/sys/fs/cgroup', daemon!.cgroupParent, id, 'memory.peak'),
      ].find((f) => fs.existsSync(f));
      if (peakFile) {
        const peak = Number(fs.readFileSync(peakFile, 'utf8'));
        process.stdout.write(`image suite: the DaemonSet's container peaked at ${(peak / 2 ** 20).toFixed(1)} MiB (${peakFile})\n`);
        expect(peak).toBeLessThan(request);
      }
      const stop = daemon!.docker(['stop', '--time', '20', name]);
      expect(stop.status).toBe(0);
      const state = JSON.parse(daemon!.docker(['inspect', '--format', '{{json .State}}', name]).stdout) as { ExitCode: number; OOMKilled: boolean };
      expect(state).toMatchObject({ ExitCode: 0, OOMKilled: false });
      expect(daemon!.docker(['logs', name]).stderr).toMatch(
        /^cgdoctor: scan 1 at \S+: \d+ errors, \d+ warnings, \d+ info \(\d+ rules checked, \d+ skipped\); wrote \/textfile\/cgdoctor\.prom\n$/,
      );
      expect(fs.readdirSync(textfile)).toEqual(['cgdoctor.prom']);
    } finally {
      daemon!.docker(['rm', '--force', name]);
    }
  });
});
