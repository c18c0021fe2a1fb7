import type { Host } from '../host/host.js';
import { COMPONENTS, type Component, WORKLOAD_RUNTIMES } from '../distributions/components.js';
import { podUid } from './cgroupfs.js';
import { parseJavaRelease } from './parse/java-release.js';
import type { BootArgs, CollectContext, ComponentVersion, Fact, InstalledPackages, VersionSource, WorkloadProcess } from './facts.js';
import { missing, present } from './facts.js';
import { debianVersion, filesOnDisk, parseDpkgStatus } from './parse/dpkg-status.js';
import { type GoBuildInfo, ldflagsValue, readGoBuildInfo } from './parse/go-buildinfo.js';
import { parseVersion, type Version } from './parse/version.js';

const DPKG_STATUS = 'var/lib/dpkg/status';

/** The package databases that can be read without running their tools: dpkg's status file. */
export function collectPackages(ctx: CollectContext): Fact<InstalledPackages> {
  const r = ctx.host.read(DPKG_STATUS, { denial: 'handled' });
  if (!r.ok) return missing(`no package database that can be read without running its tool (${DPKG_STATUS}: ${r.reason === 'missing' ? 'not found' : r.detail})`);
  const status = parseDpkgStatus(r.text, DPKG_STATUS);
  status.warnings.forEach(ctx.warn);
  const byName = new Map<string, InstalledPackages['byName'] extends Map<string, infer P> ? P : never>();
  for (const p of status.packages) {
    if (!filesOnDisk(p)) continue;
    byName.set(p.name, { name: p.name, version: p.version, path: DPKG_STATUS, line: p.line });
  }
  return present({ byName });
}

/** The build information of a binary in the root, read in a few KiB, or why there is none. */
export function buildInfoOf(host: Host, path: string): GoBuildInfo | string {
  return readGoBuildInfo((offset, length) => {
    const r = host.readRange(path, offset, length, { denial: 'handled' });
    return r.ok ? r.bytes : undefined;
  });
}

/** The version a Go binary's build information states for this component: -X values first, then its module's. */
export function versionInBuildInfo(info: GoBuildInfo, vars: readonly string[], modules: readonly string[]): { version: Version; excerpt: string } | undefined {
  for (const name of vars) {
    const v = ldflagsValue(info, name);
    const version = v ? parseVersion(v) : undefined;
    if (version) return { version, excerpt: `-X ${name}=${v}` };
  }
  const main = info.main;
  if (main && modules.includes(main.path)) {
    // A local build's main module is "(devel)": no version.
    const version = parseVersion(main.version);
    if (version) return { version, excerpt: `mod ${main.path} ${main.version}` };
  }
  return undefined;
}

/** Where a process's binary is in the root: its exe link, unless the file was replaced since it started. */
function exeOf(ctx: CollectContext, pid: number): string | undefined {
  const r = ctx.host.readLink(`proc/${pid}/exe`, { denial: 'quiet' });
  if (!r.ok || r.target.endsWith(' (deleted)') || !r.target.startsWith('/')) return undefined;
  return r.target.slice(1);
}

/** Binaries a package manager puts there: a package's version says nothing of one in usr/local or opt. */
const PACKAGED = /^(?:usr\/)?s?bin\//;

function componentVersion(ctx: CollectContext, c: Component, packages: InstalledPackages | undefined): ComponentVersion {
  const tried: string[] = [];
  const found = (version: Version, source: VersionSource): ComponentVersion => ({ id: c.id, name: c.name, present: true, version, source });
  const running = ctx.get('processes');
  const pid = running.ok && c.comms ? running.value.runtimes.find((p) => c.comms!.includes(p.comm))?.pid : undefined;
  const exe = pid !== undefined ? exeOf(ctx, pid) : undefined;
  const binary = exe ?? c.binaries.find((b) => ctx.host.stat(b, { denial: 'handled' }).ok);
  if (binary) {
    const info = buildInfoOf(ctx.host, binary);
    if (typeof info === 'string') tried.push(`${binary}: ${info}`);
    else {
      const v = versionInBuildInfo(info, c.goVersionVars ?? [], c.goModules ?? []);
      if (v) return found(v.version, { path: binary, excerpt: `Go build information: ${v.excerpt}`, how: 'binary' });
      tried.push(`${binary}: its Go build information (${info.goVersion}) states no version${info.settings['-trimpath'] === 'true' ? ' (built with -trimpath)' : ''}`);
    }
  }
  const pkg = c.packages.map((n) => packages?.byName.get(n)).find((p) => p !== undefined);
  if (pkg && (binary === undefined || PACKAGED.test(binary))) {
    const version = parseVersion(debianVersion(pkg.version).upstream);
    if (version) return found({ ...version, text: pkg.version }, { path: pkg.path, line: pkg.line, excerpt: `${pkg.name} ${pkg.version}`, how: 'package' });
  } else if (pkg) tried.push(`package ${pkg.name} ${pkg.version} is installed, but ${binary} is not where it puts its binary`);
  for (const { dir, name } of c.namedFiles ?? []) {
    for (const e of ctx.host.list(dir, { denial: 'handled' }) ?? []) {
      const m = name.exec(e.name);
      const version = m ? parseVersion(m[1]!) : undefined;
      if (version) return found(version, { path: `${dir}/${e.name}`, excerpt: e.name, how: 'file name' });
    }
  }
  const isPresent = binary !== undefined || pkg !== undefined || pid !== undefined;
  if (!isPresent) return { id: c.id, name: c.name, present: false };
  if (!binary && c.binaries.length > 0)
    tried.push(`no ${c.binaries[0]!.split('/').pop()} binary in ${[...new Set(c.binaries.map((b) => b.slice(0, b.lastIndexOf('/'))))].join(', ')}`);
  if (!pkg && c.packages.length > 0)
    tried.push(packages ? `no ${c.packages.join(' or ')} package in ${DPKG_STATUS}` : `no package database read (${DPKG_STATUS} not found; the RPM database is not read)`);
  const seen = [...(binary ? [binary] : []), ...(pkg ? [pkg.path] : []), ...(pid !== undefined ? [`proc/${pid}/comm`] : [])];
  return { id: c.id, name: c.name, present: true, unknown: tried.length > 0 ? tried.join('; ') : 'no version found', seen };
}

function kernelVersion(ctx: CollectContext): ComponentVersion {
  const c = COMPONENTS.find((x) => x.id === 'kernel')!;
  const path = 'proc/sys/kernel/osrelease';
  const r = ctx.host.read(path, { maxBytes: 256, denial: 'handled' });
  const text = r.ok ? r.text.split('\n')[0]!.trim() : '';
  const version = text ? parseVersion(text) : undefined;
  if (version) return { id: c.id, name: c.name, present: true, version, source: { path, line: 1, excerpt: text, how: 'file' } };
  return { id: c.id, name: c.name, present: true, unknown: `${path}: ${r.ok ? 'no release in it' : r.reason === 'missing' ? 'not found' : r.detail}` };
}

/**
 * The version of each component of the node that cgroup v2 depends on, read without running
 * anything: a running daemon's binary, else the usual paths, read for the Go build information
 * a few KiB at a time; the package database; file names that carry it (systemd's private
 * library). The kubelet's is the kubeletVersion fact's, which knows its distribution's records.
 */
export function collectComponentVersions(ctx: CollectContext): Fact<ComponentVersion[]> {
  const pk = ctx.get('packages');
  const packages = pk.ok ? pk.value : undefined;
  const kv = ctx.get('kubeletVersion');
  return present(
    COMPONENTS.map((c): ComponentVersion => {
      if (c.id === 'kernel') return kernelVersion(ctx);
      if (c.id !== 'kubelet') return componentVersion(ctx, c, packages);
      if (kv.ok) {
        const v = kv.value;
        return {
          id: c.id,
          name: c.name,
          present: true,
          version: { text: v.text, numbers: [v.major, v.minor, v.patch] },
          source: { ...v.source, excerpt: v.source.excerpt ?? v.text, how: 'kubelet version' },
        };
      }
      const k = ctx.get('kubelet');
      if (!k.ok) return { id: c.id, name: c.name, present: false };
      const seen = k.value.process ? [`proc/${k.value.process.pid}/cmdline`] : k.value.configPath ? [k.value.configPath] : [];
      return { id: c.id, name: c.name, present: true, unknown: kv.missing, seen };
    }),
  );
}

/** A container's id from the last component of its cgroup path (cri-containerd-<id>.scope, docker-<id>.scope, crio-<id>.scope, <id>). */
function containerIdOf(cgroup: string): string | undefined {
  const last = cgroup.split('/').pop() ?? '';
  return /^(?:[a-z-]+-)?([0-9a-f]{64})(?:\.scope)?$/.exec(last)?.[1];
}

/**
 * The pod and container a container id belongs to, from the links kubelet keeps in
 * var/log/containers: `<pod>_<namespace>_<container>-<id>.log` (kubelet's kuberuntime
 * BuildContainerLogsDirectory and legacyLogSymlink).
 */
function namesOf(ctx: CollectContext, id: string): { pod: string; container: string } | undefined {
  const entries = ctx.host.list('var/log/containers', { denial: 'handled' }) ?? [];
  const e = entries.find((x) => x.name.endsWith(`-${id}.log`));
  // Read as a link, as kubelet makes it: a capture keeps what was read, and a name alone is not kept.
  if (!e || !ctx.host.readLink(`var/log/containers/${e.name}`, { denial: 'quiet' }).ok) return undefined;
  const m = /^([^_]+)_([^_]+)_(.+)-[0-9a-f]{64}\.log$/.exec(e.name);
  return m ? { pod: `${m[2]}/${m[1]}`, container: m[3]! } : undefined;
}

/** Where a JDK keeps its release file beside bin/java: the home above bin, or above jre/bin on JDK 8. */
function releaseFiles(exe: string): string[] {
  const parts = exe.split('/');
  if (parts.at(-2) !== 'bin') return [];
  const home = parts.slice(0, -2).join('/');
  return [`${home}/release`, ...(parts.at(-3) === 'jre' ? [`${parts.slice(0, -3).join('/')}/release`] : [])];
}

/**
 * The workload processes whose runtime's v2 support depends on its version (a JVM), each with
 * that version from the runtime's own `release` file, read through proc/<pid>/root so it is the
 * container's file, and the pod and container its cgroup path and var/log/containers name.
 */
export function collectWorkloadProcesses(ctx: CollectContext): Fact<WorkloadProcess[]> {
  const procs = ctx.get('processes');
  if (!procs.ok) return procs;
  const out: WorkloadProcess[] = [];
  for (const p of procs.value.workloads) {
    const runtime = WORKLOAD_RUNTIMES.find((w) => w.comms.includes(p.comm));
    if (!runtime) continue;
    const cg = p.cgroup?.entries.find((e) => e.unified) ?? p.cgroup?.entries.find((e) => e.name === 'systemd') ?? p.cgroup?.entries[0];
    const id = cg ? containerIdOf(cg.path) : undefined;
    const names = id ? namesOf(ctx, id) : undefined;
    const pod = cg?.path
      .split('/')
      .map(podUid)
      .find((u) => u !== undefined);
    const w: WorkloadProcess = {
      pid: p.pid,
      comm: p.comm,
      runtime: runtime.id,
      ...(cg ? { cgroup: cg.path } : {}),
      ...(names ? names : { ...(pod ? { pod: `uid ${pod}` } : {}), ...(id ? { container: id.slice(0, 12) } : {}) }),
    };
    const link = ctx.host.readLink(`proc/${p.pid}/exe`, { denial: 'handled' });
    if (!link.ok || !link.target.startsWith('/')) {
      out.push({ ...w, unknown: `proc/${p.pid}/exe: ${link.ok ? link.target : link.reason === 'denied' ? 'permission denied (run as root)' : link.detail}` });
      continue;
    }
    const exe = link.target.replace(/ \(deleted\)$/, '');
    w.exe = exe;
    const tried: string[] = [];
    for (const file of releaseFiles(exe.slice(1))) {
      const path = `proc/${p.pid}/root/${file}`;
      const r = ctx.host.read(path, { maxBytes: 64 * 1024, denial: 'handled' });
      if (!r.ok) {
        tried.push(`${path}: ${r.reason === 'missing' ? 'not found' : r.detail}`);
        continue;
      }
      const rel = parseJavaRelease(r.text, path);
      rel.warnings.forEach(ctx.warn);
      const jv = rel.values.get('JAVA_VERSION');
      const version = jv ? parseVersion(jv.value) : undefined;
      if (jv && version) {
        const vendor = rel.values.get('IMPLEMENTOR')?.value;
        out.push({ ...w, version, source: { path, line: jv.line, excerpt: `JAVA_VERSION="${jv.value}"${vendor ? ` (${vendor})` : ''}`, how: 'file' } });
        break;
      }
      tried.push(`${path}: no JAVA_VERSION line`);
    }
    if (!out.some((x) => x.pid === p.pid)) out.push({ ...w, unknown: tried.length > 0 ? tried.join('; ') : `${exe} is not in a bin/ directory of a JDK` });
  }
  return present(out);
}

/** proc/cmdline: the kernel's arguments, split as the kernel splits them (double quotes group a value with spaces). */
export function collectBootArgs(ctx: CollectContext): Fact<BootArgs> {
  const path = 'proc/cmdline';
  const r = ctx.host.read(path, { maxBytes: 64 * 1024, denial: 'handled' });
  if (!r.ok) return missing(`${path}: ${r.reason === 'missing' ? 'not found' : r.detail}`);
  const text = r.text.trim();
  const args = new Map<string, string | true>();
  for (const m of text.matchAll(/(?:[^\s"]+|"[^"]*")+/g)) {
    const word = m[0].replaceAll('"', '');
    const eq = word.indexOf('=');
    args.set(eq < 0 ? word : word.slice(0, eq), eq < 0 ? true : word.slice(eq + 1));
  }
  return present({ path, text, args });
}
