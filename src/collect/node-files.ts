import { gunzipSync } from 'node:zlib';
import type { CollectContext, ContainerView, Fact, KernelConfig, KubeletState, KubeletVersion, ManagerState } from './facts.js';
import { missing, present } from './facts.js';
import { findLine, splitLines } from './parse/diagnostic.js';
import { normalizePath } from '../host/host.js';
import { effectiveDirectives } from './units.js';

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
export function parseKernelConfig(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const l of splitLines(text)) {
    const set = /^CONFIG_([A-Za-z0-9_]+)=(.*)$/.exec(l.trim());
    if (set) out.set(set[1]!, set[2]!);
    const unset = /^# CONFIG_([A-Za-z0-9_]+) is not set/.exec(l.trim());
    if (unset) out.set(unset[1]!, 'n');
  }
  return out;
}

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
      ctx.warn({ path: 'proc/config.gz', message: `cannot decompress (${(err as Error).message}); trying boot/config-<release>` });
    }
  }
  if (!rel) return missing('no proc/config.gz and no proc/sys/kernel/osrelease to find boot/config-<release>');
  const path = `boot/config-${rel}`;
  const r = ctx.host.read(path);
  if (!r.ok) return missing(`no proc/config.gz and no ${path}`);
  return present({ path, release: rel, options: parseKernelConfig(r.text) });
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
 * --kubelet-version, the binary's path (`/opt/kubernetes/v1.21.8/bin/kubelet`), the kubelet
 * package in dpkg's status file, a captured node object (node.json), or a control-plane static
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
  const units = ctx.get('units');
  const unit = units.ok ? units.value.units.get('kubelet') : undefined;
  const exec = unit ? effectiveDirectives(unit, 'Service', 'ExecStart').pop() : undefined;
  const exe = exec?.value.replace(/^[-@:+!]+/, '').split(/\s+/)[0];
  if (exec && exe && VERSION_IN_PATH.test(exe)) return present(versionFrom(exe, { path: exec.path, line: exec.line, excerpt: exe })!);
  const dpkg = ctx.host.read('var/lib/dpkg/status');
  if (dpkg.ok) {
    const stanza = dpkg.text.split(/\n\n+/).find((s) => /^Package: kubelet$/m.test(s) && /^Status: .*installed/m.test(s));
    const ver = stanza ? /^Version: (\S+)/m.exec(stanza)?.[1] : undefined;
    if (ver) {
      const line = findLine(dpkg.text, /^Package: kubelet$/);
      const v = versionFrom(ver, { path: 'var/lib/dpkg/status', ...(line !== undefined ? { line } : {}), excerpt: `kubelet ${ver}` });
      if (v) return present(v);
    }
  }
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
  return missing('kubelet version unknown: no --kubelet-version, no version in the kubelet path, no dpkg record, no node.json, no control-plane manifest');
}

/** Signs that `/` is a container's view: container marker files and cgroup mounts of a subtree. */
export function collectContainerView(ctx: CollectContext): Fact<ContainerView> {
  const mounts = ctx.get('mounts');
  if (!mounts.ok) return mounts;
  const procs = ctx.get('processes');
  const self = procs.ok ? procs.value.self : undefined;
  return present({
    selfPaths: self ? self.entries.map((e) => e.path) : [],
    markers: ['.dockerenv', 'run/.containerenv'].filter((p) => ctx.host.exists(p)),
    mountRoots: mounts.value.hierarchies.filter((h) => h.mount.root !== '/').map((h) => ({ key: h.key, root: h.mount.root, line: h.mount.line })),
  });
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

