import { gunzipSync } from 'node:zlib';
import type { CollectContext, ContainerView, Fact, KernelConfig, KubeletState, KubeletVersion, ManagerState, NodeIdentity } from './facts.js';
import { missing, present } from './facts.js';
import { findLine, splitLines } from './parse/diagnostic.js';
import { MountinfoParser, type Mount } from './parse/mountinfo.js';
import { mountKeys } from './mounts.js';
import { normalizePath } from '../host/host.js';
import { effectiveDirectives } from './units.js';
import { COMPONENTS } from '../distributions/components.js';
import { binaryOfProcess, buildInfoOf, versionInBuildInfo } from './versions.js';

/** The kubelet's checkpoint of one resource manager: `{"policyName": "static", ...}`. */
function managerState(ctx: CollectContext, path: string): ManagerState | undefined {
  const r = ctx.host.read(path);
  if (!r.ok) return undefined;
  try {
    const j = JSON.parse(r.text) as { policyName?: unknown };
    const line = findLine(r.text, /"policyName"/);
    return { path, ...(typeof j.policyName === 'string' ? { policyName: j.policyName } : {}), ...(line !== undefined ? { line } : {}) };
  } catch (err) {
    ctx.warn({ path, message: `JSON: ${(err as Error).message}; checkpoint ignored` });
    return { path };
  }
}

export function collectKubeletState(ctx: CollectContext): Fact<KubeletState> {
  const k = ctx.get('kubelet');
  const dir = normalizePath(k.ok ? k.value.settings.rootDir.value : '/var/lib/kubelet');
  const cpu = managerState(ctx, `${dir}/cpu_manager_state`);
  const memory = managerState(ctx, `${dir}/memory_manager_state`);
  if (!cpu && !memory) return missing(`no ${dir}/cpu_manager_state or ${dir}/memory_manager_state`);
  return present({ dir, ...(cpu ? { cpu } : {}), ...(memory ? { memory } : {}) });
}

/** `CONFIG_X=y`, `CONFIG_X=m`, `# CONFIG_X is not set`. */
function parseKernelConfig(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const l of splitLines(text)) {
    const set = /^CONFIG_([A-Za-z0-9_]+)=(.*)$/.exec(l.trim());
    if (set) out.set(set[1]!, set[2]!);
    const unset = /^# CONFIG_([A-Za-z0-9_]+) is not set/.exec(l.trim());
    if (unset) out.set(unset[1]!, 'n');
  }
  return out;
}

/**
 * Where a distribution keeps the running kernel's config, after proc/config.gz: Debian and RHEL put
 * it in /boot; Fedora CoreOS and RHCOS keep /boot for the bootloader and ship it beside the
 * modules, where kubeadm's system validation also looks.
 */
const KERNEL_CONFIG_PATHS = (release: string) => [`boot/config-${release}`, `usr/lib/modules/${release}/config`];

export function collectKernelConfig(ctx: CollectContext): Fact<KernelConfig> {
  const release = ctx.host.read('proc/sys/kernel/osrelease');
  const rel = release.ok ? release.text.trim() : undefined;
  const gz = ctx.host.readBytes('proc/config.gz');
  if (gz.ok) {
    try {
      // The real file is ~50 KB compressed; the cap stops a hostile one from exhausting memory.
      const text = gunzipSync(gz.bytes, { maxOutputLength: 16 * 1024 * 1024 }).toString('utf8');
      return present({ path: 'proc/config.gz', ...(rel ? { release: rel } : {}), options: parseKernelConfig(text) });
    } catch (err) {
      ctx.warn({ path: 'proc/config.gz', message: `cannot decompress (${(err as Error).message}); trying the config files of the release` });
    }
  }
  if (!rel) return missing('no proc/config.gz and no proc/sys/kernel/osrelease to find the config of the release');
  const paths = KERNEL_CONFIG_PATHS(rel);
  for (const path of paths) {
    const r = ctx.host.read(path);
    if (r.ok) return present({ path, release: rel, options: parseKernelConfig(r.text) });
  }
  return missing(`no proc/config.gz, ${paths.join(' or ')}`);
}

const lineOf = (text: string, re: RegExp) => {
  const line = findLine(text, re);
  return line !== undefined ? { line } : {};
};

const VERSION_IN_PATH = /(?:^|[/_-])v?(1)\.(\d{1,2})\.(\d{1,3})(?=$|[/_.+-])/;

function versionFrom(text: string, source: KubeletVersion['source']): KubeletVersion | undefined {
  // Outside a path a version may stop at the minor: `--kubelet-version 1.35` is 1.35.0.
  const m = VERSION_IN_PATH.exec(text) ?? /(?<![\d.])v?(1)\.(\d{1,2})(?!\d)(?:\.(\d{1,3}))?/.exec(text);
  if (!m) return undefined;
  const patch = m[3] ?? '0';
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(patch), text: `${m[1]}.${m[2]}.${patch}`, source };
}

/**
 * The kubelet's version, as far as files tell it (`kubelet --version` cannot run here):
 * --kubelet-version, the binary's path (`/opt/kubernetes/v1.21.8/bin/kubelet`, or where the
 * process's exe link points), the distribution's own record of it, the kubelet package in dpkg's
 * status file, a captured node object (node.json), or a control-plane static
 * pod's image tag.
 */
export function collectKubeletVersion(ctx: CollectContext): Fact<KubeletVersion> {
  if (ctx.context.kubeletVersion) {
    const v = versionFrom(ctx.context.kubeletVersion, { path: '--kubelet-version', excerpt: ctx.context.kubeletVersion });
    if (v) return present(v);
  }
  const k = ctx.get('kubelet');
  const bin = k.ok ? k.value.process?.cmdline?.[0] : undefined;
  if (bin) {
    const v = VERSION_IN_PATH.test(bin) ? versionFrom(bin, { path: k.ok ? k.value.process!.cmdlinePath : '', line: 1, excerpt: bin }) : undefined;
    if (v) return present(v);
  }
  // rke2 starts a bare `kubelet` from PATH; the binary it resolved lives under data/<version>/.
  const exeLink = k.ok && k.value.process ? `proc/${k.value.process.pid}/exe` : undefined;
  const exeTarget = exeLink ? ctx.host.readLink(exeLink, { denial: 'quiet' }) : undefined;
  if (exeLink && exeTarget?.ok && VERSION_IN_PATH.test(exeTarget.target)) {
    return present(versionFrom(exeTarget.target, { path: exeLink, excerpt: `-> ${exeTarget.target}` })!);
  }
  const d = ctx.get('distribution');
  for (const { path, line: re } of d.ok ? (d.value.layout.kubelet.versionFiles ?? []) : []) {
    const r = ctx.host.read(path, { denial: 'quiet' });
    const line = r.ok ? findLine(r.text, re) : undefined;
    const text = r.ok && line !== undefined ? r.text.split('\n')[line - 1]!.trim() : '';
    const v = line !== undefined ? versionFrom(text, { path, line, excerpt: text }) : undefined;
    if (v) return present(v);
  }
  const units = ctx.get('units');
  const unit = units.ok ? units.value.units.get('kubelet') : undefined;
  const exec = unit ? effectiveDirectives(unit, 'Service', 'ExecStart').pop() : undefined;
  const exe = exec?.value.replace(/^[-@:+!]+/, '').split(/\s+/)[0];
  if (exec && exe && VERSION_IN_PATH.test(exe)) return present(versionFrom(exe, { path: exec.path, line: exec.line, excerpt: exe })!);
  // The binary's own build information: release builds set the version with -ldflags -X.
  const kubeletBinary = COMPONENTS.find((c) => c.id === 'kubelet')!;
  const running = k.ok && k.value.process && exeTarget?.ok ? binaryOfProcess(ctx.host, k.value.process.pid, exeTarget.target) : undefined;
  const candidates = [running, exe?.startsWith('/') ? exe.slice(1) : undefined, ...kubeletBinary.binaries];
  const binary = candidates.find((b): b is string => b !== undefined && ctx.host.stat(b, { denial: 'handled' }).ok);
  if (binary) {
    const info = buildInfoOf(ctx.host, binary);
    const found = typeof info === 'string' ? undefined : versionInBuildInfo(info, kubeletBinary.goVersionVars ?? [], []);
    const v = found ? versionFrom(found.version.text, { path: normalizePath(binary), excerpt: `Go build information: ${found.excerpt}` }) : undefined;
    if (v) return present(v);
  }
  const pk = ctx.get('packages');
  const pkg = pk.ok ? pk.value.byName.get('kubelet') : undefined;
  const fromPackage = pkg
    ? versionFrom(pkg.version, { path: pkg.path, ...(pkg.line !== undefined ? { line: pkg.line } : {}), excerpt: `kubelet ${pkg.version}${pkg.record ? ` (${pkg.record})` : ''}` })
    : undefined;
  if (fromPackage) return present(fromPackage);
  // A captured `kubectl get node <name> -o json` states the version kubelet reported.
  const node = ctx.host.read('node.json');
  if (node.ok) {
    try {
      const ver = (JSON.parse(node.text) as { status?: { nodeInfo?: { kubeletVersion?: unknown } } }).status?.nodeInfo?.kubeletVersion;
      const v = typeof ver === 'string' ? versionFrom(ver, { path: 'node.json', ...lineOf(node.text, /"kubeletVersion"/), excerpt: `nodeInfo.kubeletVersion ${ver}` }) : undefined;
      if (v) return present(v);
    } catch {
      ctx.warn({ path: 'node.json', message: 'not JSON; ignored' });
    }
  }
  for (const name of ['kube-apiserver.yaml', 'kube-controller-manager.yaml', 'kube-scheduler.yaml']) {
    const path = `etc/kubernetes/manifests/${name}`;
    const r = ctx.host.read(path);
    const m = r.ok ? /image:\s*\S*kube-[a-z-]+:v(1\.\d+\.\d+)/.exec(r.text) : null;
    if (r.ok && m) {
      const line = findLine(r.text, /image:\s*\S*kube-/);
      return present(versionFrom(m[1]!, { path, ...(line !== undefined ? { line } : {}), excerpt: `control plane ${m[1]} (kubelet may differ by the version skew)` })!);
    }
  }
  return missing(
    "kubelet version unknown: no --kubelet-version, no version in the kubelet path or its exe link, no version file of the distribution, none in the binary's Go build information, no dpkg or rpm record, no node.json, no control-plane manifest",
  );
}

/**
 * The inode numbers of the initial namespaces, fixed by the kernel since 3.8 (cgroup since 4.6):
 * include/linux/proc_ns.h, PROC_PID_INIT_INO 0xEFFFFFFC and PROC_CGROUP_INIT_INO 0xEFFFFFFB
 * (systemd copies them in src/basic/missing_namespace.h). A process whose ns/pid or ns/cgroup
 * link shows another number is in a namespace of its own. The mount namespace has no fixed
 * number on older kernels, so it is compared with pid 1's instead.
 */
/** Files container engines leave in a container's root (docker, podman/CRI-O); VM images copy them too. */
const CONTAINER_MARKERS = ['.dockerenv', 'run/.containerenv'];

const INIT_NS: Partial<Record<Namespace, string>> = { pid: '4026531836', cgroup: '4026531835' };
const NAMESPACES = ['pid', 'cgroup', 'mnt'] as const;
type Namespace = (typeof NAMESPACES)[number];

/** `cgroup:[4026531835]` -> `4026531835`. */
function nsInode(ctx: CollectContext, path: string): string | undefined {
  // Unreadable without privileges (ptrace rules): then the link is simply no evidence.
  const r = ctx.host.readLink(path, { denial: 'quiet' });
  return r.ok ? /\[(\d+)\]$/.exec(r.target)?.[1] : undefined;
}

/**
 * Whether the scanner sees the node or a container, from namespace evidence first: its ns links
 * against the initial namespaces and pid 1's, its own mount table against pid 1's (cgroup mounts
 * of a subtree, a different table), and `/..` in pid 1's cgroup paths (which the kernel prints
 * for a cgroup outside the reader's cgroup namespace). Marker files are only hints.
 */
export function collectContainerView(ctx: CollectContext): Fact<ContainerView> {
  // Only the live root is the scanner's own view; a tree's proc/self is whoever captured it.
  if (!ctx.context.live) return missing("the scan reads a tree (--root), not the live /: its view is the capture's");
  const mounts = ctx.get('mounts');
  if (!mounts.ok) return mounts;
  const procs = ctx.get('processes');
  const evidence: ContainerView['evidence'] = [];
  const ns: ContainerView['ns'] = {};
  for (const n of NAMESPACES) {
    const self = nsInode(ctx, `proc/self/ns/${n}`);
    const init = nsInode(ctx, `proc/1/ns/${n}`);
    ns[n] = { ...(self ? { self } : {}), ...(init ? { init } : {}) };
    const fixed = INIT_NS[n];
    if (self && fixed && self !== fixed)
      evidence.push({
        why: `the scanner is in a ${n} namespace of its own (proc/self/ns/${n} is ${n}:[${self}], the initial one is ${n}:[${fixed}])`,
        path: `proc/self/ns/${n}`,
        excerpt: `${n}:[${self}]`,
      });
    // Another mount namespace alone is no container: a service with PrivateTmp= has one and
    // sees the node's cgroup mounts. Its cgroup mounts are compared below instead.
    else if (n !== 'mnt' && self && init && self !== init)
      evidence.push({ why: `the scanner's ${n} namespace differs from pid 1's (${n}:[${self}] against ${n}:[${init}])`, path: `proc/self/ns/${n}`, excerpt: `${n}:[${self}]` });
  }
  const mnt = ns.mnt ?? {};
  // Cgroup mounts of a subtree in the table the scan uses say "container" whoever's it is.
  let roots = cgroupRoots(mounts.value.cgroupMounts, mounts.value.path);
  if (mounts.value.path !== 'proc/self/mountinfo' && !(mnt.self !== undefined && mnt.self === mnt.init)) {
    // Streamed, cgroup lines only: a leaking node's table is as big as pid 1's.
    const parser = new MountinfoParser({ path: 'proc/self/mountinfo' });
    const own = ctx.host.readStream('proc/self/mountinfo', (chunk) => parser.push(chunk), { denial: 'quiet' });
    if (own.ok) {
      const table = parser.end();
      const seen = new Set(roots.map((r) => `${r.key} ${r.root} ${r.line}`));
      roots = [...roots, ...cgroupRoots(table.mounts, 'proc/self/mountinfo').filter((r) => !seen.has(`${r.key} ${r.root} ${r.line}`))];
      // What matters is what the scanner sees of cgroupfs: its cgroup mounts against pid 1's.
      const theirs = new Set(mounts.value.cgroupMounts.map(cgroupMountKey));
      const mine = new Set(table.mounts.map(cgroupMountKey));
      const extra = [...mine].filter((k) => !theirs.has(k)).length;
      const lacking = [...theirs].filter((k) => !mine.has(k)).length;
      if (extra + lacking > 0) {
        evidence.push({
          why: `the scanner sees other cgroup mounts than pid 1 (${extra} of its own, ${lacking} of pid 1's missing): it runs in another mount namespace`,
          path: 'proc/self/mountinfo',
          excerpt: `${table.mounts.length} cgroup mounts; pid 1 has ${mounts.value.cgroupMounts.length}`,
        });
      }
    }
  }
  for (const r of roots.slice(0, 3))
    evidence.push({
      why: `${r.path === 'proc/self/mountinfo' ? "the scanner's" : "pid 1's"} ${r.key} mount shows the subtree "${r.root}"`,
      path: r.path,
      line: r.line,
      excerpt: `${r.key} root ${r.root}`,
    });
  // Seen from inside a private cgroup namespace, pid 1's cgroups lie above its root: "/../..".
  const initCg = procs.ok ? procs.value.init?.cgroup : undefined;
  const above = initCg?.entries.find((e) => e.path === '/..' || e.path.startsWith('/../'));
  if (above && !evidence.some((e) => e.path === 'proc/self/ns/cgroup')) {
    evidence.push({ why: `pid 1's cgroup reads as "${above.path}", above the scanner's cgroup namespace root`, path: initCg!.path, line: above.line, excerpt: above.path });
  }
  const hints = CONTAINER_MARKERS.filter((p) => ctx.host.exists(p, { denial: 'quiet' }));
  // Whether the scanner's own pid and cgroup namespaces could be told at all.
  const nsReadable = ns.pid?.self !== undefined && ns.cgroup?.self !== undefined;
  return present({ evidence, hints, nsReadable, ns });
}

/** A cgroup mount as the scanner would use it: which tree, which part of it, where. */
const cgroupMountKey = (m: Mount) => `${m.fstype} ${m.root} ${m.mountpoint} ${[...m.superOptions].sort().join(',')}`;

function cgroupRoots(ms: Mount[], path: string): Array<{ key: string; root: string; line: number; path: string }> {
  return ms
    .filter((m) => (m.fstype === 'cgroup' || m.fstype === 'cgroup2') && m.root !== '/')
    .map((m) => ({ key: m.fstype === 'cgroup2' ? 'unified' : mountKeys(m).join(','), root: m.root, line: m.line, path }));
}

const KATA_DIRS = ['etc/kata-containers', 'opt/kata/share/defaults/kata-containers', 'usr/share/defaults/kata-containers'];

/** Kata's configuration*.toml files and their sandbox_cgroup_only. */
export function collectKataConfig(ctx: CollectContext): Fact<Array<{ path: string; sandboxCgroupOnly?: boolean; line?: number }>> {
  const out = [];
  for (const dir of KATA_DIRS) {
    for (const e of ctx.host.list(dir) ?? []) {
      if (!/^configuration.*\.toml$/.test(e.name)) continue;
      const path = `${dir}/${e.name}`;
      const r = ctx.host.read(path);
      if (!r.ok) continue;
      const m = /^\s*sandbox_cgroup_only\s*=\s*(true|false)/m.exec(r.text);
      const line = findLine(r.text, /^\s*sandbox_cgroup_only\s*=/);
      out.push({ path, ...(m ? { sandboxCgroupOnly: m[1] === 'true' } : {}), ...(line !== undefined ? { line } : {}) });
    }
  }
  return present(out);
}

/** The first non-empty line of the first readable file. */
function firstLine(ctx: CollectContext, paths: string[]): { value: string; path: string } | undefined {
  for (const path of paths) {
    const r = ctx.host.read(path, { maxBytes: 4096, denial: 'handled' });
    const line = r.ok
      ? r.text
          .split('\n')
          .map((l) => l.trim())
          .find((l) => l !== '')
      : undefined;
    if (line) return { value: line, path };
  }
  return undefined;
}

/** os-release(5): `PRETTY_NAME="Ubuntu 22.04.4 LTS"`, quotes and shell escapes removed. */
function osName(ctx: CollectContext): string | undefined {
  for (const path of ['etc/os-release', 'usr/lib/os-release']) {
    const r = ctx.host.read(path, { maxBytes: 64 * 1024, denial: 'handled' });
    if (!r.ok) continue;
    const m = /^PRETTY_NAME=(.*)$/m.exec(r.text) ?? /^NAME=(.*)$/m.exec(r.text);
    if (m)
      return m[1]!
        .trim()
        .replace(/^(["'])(.*)\1$/, '$2')
        .replace(/\\(["$`\\])/g, '$1');
  }
  return undefined;
}

/**
 * Who the node is: its name (etc/hostname first: inside a pod, proc/sys/kernel/hostname is the
 * pod's own UTS name), kernel release and OS, for the report's header and fleet tools.
 */
export function collectNode(ctx: CollectContext): Fact<NodeIdentity> {
  const name = firstLine(ctx, ['etc/hostname', 'proc/sys/kernel/hostname']);
  const kernel = firstLine(ctx, ['proc/sys/kernel/osrelease']);
  const os = osName(ctx);
  return present({
    ...(name ? { name: name.value, nameFrom: name.path } : {}),
    ...(kernel ? { kernel: kernel.value } : {}),
    ...(os ? { os } : {}),
  });
}
