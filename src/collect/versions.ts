import { describeFailure, type Host } from '../host/host.js';
import { COMPONENTS, type Component, PACKAGE_DATABASES, WORKLOAD_RUNTIMES } from '../distributions/components.js';
import { sqliteTable } from './parse/sqlite.js';
import { bdbHashValues } from './parse/bdb-hash.js';
import { ndbBlobs } from './parse/rpm-ndb.js';
import { parseRpmHeader, rpmEvr } from './parse/rpm-header.js';
import { podUid } from './cgroupfs.js';
import { parseJavaRelease } from './parse/java-release.js';
import type { BootArgs, CollectContext, ComponentVersion, Fact, InstalledPackage, InstalledPackages, VersionSource, WorkloadProcess } from './facts.js';
import { missing, present } from './facts.js';
import { debianVersion, filesOnDisk, parseDpkgStatus } from './parse/dpkg-status.js';
import { type GoBuildInfo, ldflagsValue, readGoBuildInfo } from './parse/go-buildinfo.js';
import { parseVersion, type Version } from './parse/version.js';

/** rpm's own cap on a database is far above this; a package list of a node is a few MB. */
const MAX_RPMDB_BYTES = 256 * 1024 * 1024;

/**
 * The package databases that can be read without running their tools (distributions/components.ts
 * PACKAGE_DATABASES): dpkg's status file and rpm's database in any of its three formats. One that is there but
 * cannot be read is named, so a version it would have told is "unknown" with the reason.
 */
export function collectPackages(ctx: CollectContext): Fact<InstalledPackages> {
  const byName = new Map<string, InstalledPackage>();
  const unreadable: string[] = [];
  const tried: string[] = [];
  let rpmRead = false;
  for (const db of PACKAGE_DATABASES) {
    // A node has one rpm database; /var/lib/rpm is a link to /usr/lib/sysimage/rpm on Fedora 36+.
    if (rpmRead && db.kind !== 'dpkg') continue;
    if (!ctx.host.stat(db.path, { denial: 'handled' }).ok) continue;
    tried.push(db.path);
    if (db.kind === 'dpkg') {
      const r = ctx.host.read(db.path, { denial: 'handled' });
      if (!r.ok) {
        unreadable.push(`${db.path}: ${describeFailure(r)}`);
        continue;
      }
      const status = parseDpkgStatus(r.text, db.path);
      status.warnings.forEach(ctx.warn);
      for (const p of status.packages) if (filesOnDisk(p)) byName.set(p.name, { name: p.name, version: p.version, path: db.path, line: p.line });
    } else {
      const r = ctx.host.readBytes(db.path, { maxBytes: MAX_RPMDB_BYTES, denial: 'handled' });
      if (!r.ok) {
        unreadable.push(`${db.path}: ${describeFailure(r)}`);
        continue;
      }
      const blobs = rpmBlobs(db.kind, r.bytes);
      if (typeof blobs === 'string') {
        unreadable.push(`${db.path}: ${blobs}`);
        continue;
      }
      for (const { blob, record } of blobs) {
        // Berkeley DB keeps a counter (4 bytes) beside the headers: not a package.
        if (blob.length < 8) continue;
        const p = parseRpmHeader(blob);
        if (typeof p === 'string') {
          ctx.warn({ path: db.path, message: `package ${record}: ${p}; skipped` });
          continue;
        }
        byName.set(p.name, { name: p.name, version: rpmEvr(p), path: db.path, record });
      }
      rpmRead = true;
      // rpm's SQLite database writes through a write-ahead log: what it holds is not in the main file until a checkpoint.
      if (db.kind === 'rpm-sqlite') {
        const wal = ctx.host.readRange(`${db.path}-wal`, 0, 1, { denial: 'quiet' });
        if (wal.ok && wal.bytes.length > 0)
          ctx.warn({ path: `${db.path}-wal`, message: 'the write-ahead log is not read: packages changed since its last checkpoint may show their old versions' });
      }
    }
  }
  if (tried.length === 0) return missing(`no package database (${PACKAGE_DATABASES.map((d) => d.path).join(', ')} not found)`);
  return present({ byName, unreadable });
}

/** The header blobs of an rpm database, each with where it is (a row, a record), or why there are none. */
function rpmBlobs(kind: 'rpm-sqlite' | 'rpm-bdb' | 'rpm-ndb', bytes: Uint8Array): Array<{ blob: Uint8Array; record: string }> | string {
  if (kind === 'rpm-sqlite') {
    const t = sqliteTable(bytes, 'Packages');
    if (typeof t === 'string') return t;
    return t.rows.flatMap((row) => (row.values[1] instanceof Uint8Array ? [{ blob: row.values[1], record: `row ${row.rowid}` }] : []));
  }
  const values = kind === 'rpm-bdb' ? bdbHashValues(bytes) : ndbBlobs(bytes);
  return typeof values === 'string' ? values : values.map((blob, i) => ({ blob, record: `record ${i + 1}` }));
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

/**
 * Where a running process's binary can be read: its exe link names it in the process's own mount
 * namespace, so on a live node it is read through proc/<pid>/root (a daemon in a snap or a
 * container sees another /usr/bin); in a tree or capture without that, at the same path in the
 * root. None when the file was replaced since the process started.
 */
export function binaryOfProcess(host: Host, pid: number, target?: string): string | undefined {
  const exe =
    target ??
    (() => {
      const r = host.readLink(`proc/${pid}/exe`, { denial: 'quiet' });
      return r.ok ? r.target : undefined;
    })();
  if (!exe || exe.endsWith(' (deleted)') || !exe.startsWith('/')) return undefined;
  const own = `proc/${pid}/root${exe}`;
  return host.stat(own, { denial: 'quiet' }).ok ? own : exe.slice(1);
}

/** Binaries a package manager puts there: a package's version says nothing of one in usr/local or opt. */
const PACKAGED = /^(?:usr\/)?s?bin\//;

function componentVersion(ctx: CollectContext, c: Component, packages: InstalledPackages | undefined): ComponentVersion {
  const tried: string[] = [];
  const found = (version: Version, source: VersionSource): ComponentVersion => ({ id: c.id, name: c.name, present: true, version, source });
  const running = ctx.get('processes');
  const pid = running.ok && c.comms ? running.value.runtimes.find((p) => c.comms!.includes(p.comm))?.pid : undefined;
  const exe = pid !== undefined ? binaryOfProcess(ctx.host, pid) : undefined;
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
    // dpkg's [epoch:]upstream-revision and rpm's [epoch:]version-release split the same way.
    const version = parseVersion(debianVersion(pkg.version).upstream);
    if (version)
      return found(
        { ...version, text: pkg.version },
        { path: pkg.path, ...(pkg.line !== undefined ? { line: pkg.line } : {}), excerpt: `${pkg.name} ${pkg.version}${pkg.record ? ` (${pkg.record})` : ''}`, how: 'package' },
      );
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
    tried.push(
      packages
        ? `no ${c.packages.join(' or ')} package in ${[...new Set([...packages.byName.values()].map((p) => p.path))].join(', ') || 'the package database'}${packages.unreadable.length > 0 ? `; ${packages.unreadable.join('; ')}` : ''}`
        : 'no package database that can be read without its tool',
    );
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
  return { id: c.id, name: c.name, present: true, unknown: `${path}: ${r.ok ? 'no release in it' : describeFailure(r)}` };
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
      out.push({ ...w, unknown: `proc/${p.pid}/exe: ${link.ok ? link.target : `${describeFailure(link)}${link.reason === 'denied' ? ' (run as root)' : ''}`}` });
      continue;
    }
    const exe = link.target.replace(/ \(deleted\)$/, '');
    w.exe = exe;
    const tried: string[] = [];
    for (const file of releaseFiles(exe.slice(1))) {
      const path = `proc/${p.pid}/root/${file}`;
      const r = ctx.host.read(path, { maxBytes: 64 * 1024, denial: 'handled' });
      if (!r.ok) {
        tried.push(`${path}: ${describeFailure(r)}`);
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
  if (!r.ok) return missing(`${path}: ${describeFailure(r)}`);
  const text = r.text.trim();
  const args = new Map<string, string | true>();
  for (const m of text.matchAll(/(?:[^\s"]+|"[^"]*")+/g)) {
    const word = m[0].replaceAll('"', '');
    const eq = word.indexOf('=');
    args.set(eq < 0 ? word : word.slice(0, eq), eq < 0 ? true : word.slice(eq + 1));
  }
  return present({ path, text, args });
}
