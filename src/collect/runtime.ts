import type { CollectContext, Fact, ProcessInfo, RuntimeFacts, RuntimeInfo } from './facts.js';
import { UnknownValue, missing, present } from './facts.js';
import type { DriverSetting } from './parse/runtime-config.js';
import { containerdSettings, crioDriver, dockerDriver, mergeTables, parseTomlFile } from './parse/runtime-config.js';
import { describeFailure, isUnknowable, normalizePath } from '../host/host.js';
import { FALLBACK, type Distribution } from '../distributions/index.js';
import { knownSetting } from './kubelet.js';
import { dropinFiles } from './dropins.js';
import { expandGlob } from './distribution.js';

function flagValue(cmdline: string[] | undefined, names: string[]): string | undefined {
  if (!cmdline) return undefined;
  for (let i = 1; i < cmdline.length; i++) {
    for (const n of names) {
      const a = cmdline[i]!;
      if (a === n) return cmdline[i + 1];
      if (a.startsWith(`${n}=`)) return a.slice(n.length + 1);
    }
  }
  return undefined;
}

/**
 * A runtime's facts, with its driver known or not: an unknown driver (its config did not parse
 * or could not be read) throws UnknownValue when read, like an unknown kubelet setting.
 */
function runtimeInfo(info: Omit<RuntimeInfo, 'driver'>, driver: DriverSetting | { unknown: string }): RuntimeInfo {
  if (!('unknown' in driver)) return { ...info, driver };
  const why = `${info.name}'s cgroup driver is unknown: ${driver.unknown}`;
  const out = { ...info, driverUnknown: why } as RuntimeInfo;
  Object.defineProperty(out, 'driver', {
    enumerable: true,
    get: () => {
      throw new UnknownValue(why);
    },
  });
  return out;
}

/** The driver, or undefined when no file could tell it. */
export const knownDriver = (rt: RuntimeInfo): DriverSetting | undefined => (rt.driverUnknown === undefined ? rt.driver : undefined);

/** Reads a runtime's config file; what an unreadable one would set is unknown, so say why. */
function readConfig(ctx: CollectContext, path: string): { text?: string; problem?: string } {
  const r = ctx.host.read(path, { denial: 'handled' });
  if (r.ok) return { text: r.text };
  return isUnknowable(r) ? { problem: `could not read ${path}: ${describeFailure(r)}` } : {};
}

/** Where containerd reads its config when no --config names one: compiled in (defaults.DefaultConfigPath). */
const CONTAINERD_DEFAULT_CONFIG = 'etc/containerd/config.toml';

/** containerd's config and its `imports` (globs allowed in the last path component). */
function readContainerd(ctx: CollectContext, layout: Distribution, proc: ProcessInfo | undefined): RuntimeInfo | undefined {
  const defaults = layout.runtime.containerd;
  // A running containerd reads the file its --config names, or its compiled-in default: the
  // layout's paths are for a node where none runs (Talos' system containerd has no --config
  // beside the CRI one's /etc/cri/containerd.toml). One whose command line may be only its
  // title (k3s's) was given the layout's file.
  const named = flagValue(proc?.cmdline, ['--config', '-c']) ?? (proc && !layout.runtime.containerdHidesArgs ? CONTAINERD_DEFAULT_CONFIG : undefined);
  const mainPath = normalizePath(named ?? defaults.find((p) => ctx.host.exists(p, { denial: 'quiet' })) ?? defaults[0]!);
  const main = readConfig(ctx, mainPath);
  if (main.text === undefined && !main.problem && !proc) return undefined;
  const texts: Array<{ path: string; text: string }> = [];
  const problems: string[] = main.problem ? [main.problem] : [];
  let table: Record<string, unknown> = {};
  if (main.text !== undefined) {
    const parsed = parseTomlFile(main.text, mainPath);
    parsed.warnings.forEach(ctx.warn);
    if (parsed.failed) problems.push(parsed.failed);
    table = parsed.table;
    texts.push({ path: mainPath, text: main.text });
    const imports = Array.isArray(table['imports']) ? (table['imports'] as unknown[]).filter((x): x is string => typeof x === 'string') : [];
    const baseDir = mainPath.includes('/') ? mainPath.slice(0, mainPath.lastIndexOf('/')) : '';
    for (const imp of imports) {
      const full = normalizePath(imp.startsWith('/') ? imp : `${baseDir}/${imp}`);
      // containerd expands each import with filepath.Glob; an unreadable directory is a gap.
      for (const p of expandGlob(ctx, full, 'gap')) {
        const r = readConfig(ctx, p);
        if (r.problem) problems.push(r.problem);
        if (r.text === undefined) continue;
        const sub = parseTomlFile(r.text, p);
        sub.warnings.forEach(ctx.warn);
        if (sub.failed) problems.push(sub.failed);
        table = mergeTables(table, sub.table);
        texts.push({ path: p, text: r.text });
      }
    }
  }
  const settings = containerdSettings(table, texts.length > 0 ? texts : [{ path: mainPath, text: '' }]);
  settings.warnings.forEach(ctx.warn);
  const driver: DriverSetting | { unknown: string } =
    problems.length > 0
      ? { unknown: problems.join('; ') }
      : main.text !== undefined
        ? settings.driver
        : { driver: 'cgroupfs', origin: `${mainPath} not found: containerd's default (SystemdCgroup = false)` };
  return runtimeInfo(
    {
      name: 'containerd',
      config: mainPath,
      ...(proc ? { process: proc } : {}),
      containerdRuntimes: settings.runtimes,
      ...(main.text !== undefined ? { configVersion: settings.version } : {}),
      cri: settings.cri,
    },
    driver,
  );
}

function readDocker(ctx: CollectContext, layout: Distribution, proc: ProcessInfo | undefined): RuntimeInfo | undefined {
  const path = normalizePath(flagValue(proc?.cmdline, ['--config-file']) ?? layout.runtime.docker.config);
  const r = readConfig(ctx, path);
  if (r.text === undefined && !r.problem && !proc) return undefined;
  const cli = flagValue(proc?.cmdline, ['--exec-opt']);
  let driver: DriverSetting | { unknown: string } | undefined;
  if (cli?.startsWith('native.cgroupdriver=')) {
    driver = { driver: cli.slice('native.cgroupdriver='.length), path: proc!.cmdlinePath, line: 1, origin: `dockerd --exec-opt ${cli}` };
  } else if (r.problem) {
    driver = { unknown: r.problem };
  } else if (r.text !== undefined) {
    const parsed = dockerDriver(r.text, path);
    parsed.warnings.forEach(ctx.warn);
    driver = parsed.failed ? { unknown: parsed.failed } : parsed.driver;
  }
  if (!driver) {
    // Docker 20.10+ defaults to systemd on a cgroup v2 host and to cgroupfs elsewhere.
    const mounts = ctx.get('mounts');
    const v2 = mounts.ok && mounts.value.layout === 'v2';
    driver = { driver: v2 ? 'systemd' : 'cgroupfs', origin: `no native.cgroupdriver set: docker's default on a ${v2 ? 'cgroup v2' : 'cgroup v1'} host` };
  }
  return runtimeInfo({ name: 'docker', config: path, ...(proc ? { process: proc } : {}) }, driver);
}

function readCrio(ctx: CollectContext, layout: Distribution, proc: ProcessInfo | undefined): RuntimeInfo | undefined {
  const mainPath = normalizePath(flagValue(proc?.cmdline, ['--config']) ?? layout.runtime.crio.config);
  const dropDir = normalizePath(flagValue(proc?.cmdline, ['--config-dir']) ?? layout.runtime.crio.dropins);
  // CRI-O reads every file of its drop-in directory and its subdirectories, in name order,
  // whatever it is called (OpenShift's have no .conf): pkg/config UpdateFromPath, filepath.Walk.
  const problems: string[] = [];
  const files = [mainPath, ...dropinFiles(ctx, dropDir, () => true, problems)];
  let driver: DriverSetting | undefined;
  let found = false;
  for (const path of files) {
    const r = readConfig(ctx, path);
    if (r.problem) problems.push(r.problem);
    if (r.text === undefined) continue;
    found = true;
    const parsed = parseTomlFile(r.text, path);
    parsed.warnings.forEach(ctx.warn);
    if (parsed.failed) problems.push(parsed.failed);
    driver = crioDriver(parsed.table, r.text, path) ?? driver;
  }
  if (!found && problems.length === 0 && !proc) return undefined;
  return runtimeInfo(
    { name: 'crio', config: mainPath, ...(proc ? { process: proc } : {}) },
    problems.length > 0 ? { unknown: problems.join('; ') } : (driver ?? { driver: 'systemd', origin: "cgroup_manager not set: CRI-O's default" }),
  );
}

/** Which runtime kubelet talks to: its endpoint when known, else the daemons that run. */
function pickActive(ctx: CollectContext, all: RuntimeInfo[]): { active?: RuntimeInfo; why: string } {
  const k = ctx.get('kubelet');
  // A containerd whose CRI plugin is off (dockerd's own) serves no kubelet.
  const byName = (n: RuntimeInfo['name']) => all.find((r) => r.name === n && r.cri !== false);
  const endpoint = k.ok ? knownSetting(k.value, 'containerRuntimeEndpoint') : undefined;
  const legacy = k.ok ? knownSetting(k.value, 'containerRuntime') : undefined;
  if (k.ok) {
    const ep = endpoint;
    if (ep && ep.value !== '') {
      const name: RuntimeInfo['name'] | undefined = /crio/.test(ep.value)
        ? 'crio'
        : /dockershim|cri-dockerd|docker/.test(ep.value)
          ? 'docker'
          : /containerd/.test(ep.value)
            ? 'containerd'
            : undefined;
      const rt = name ? byName(name) : undefined;
      if (rt) return { active: rt, why: `kubelet ${ep.key}=${ep.value}` };
    }
    if (legacy?.value === 'docker' && byName('docker')) return { active: byName('docker')!, why: 'kubelet --container-runtime=docker' };
  }
  const running = all.filter((r) => r.process && r.cri !== false);
  // dockerd runs its own containerd, so a running dockerd means docker is the runtime in use.
  const pick = running.find((r) => r.name === 'docker') ?? running.find((r) => r.name === 'crio') ?? running.find((r) => r.name === 'containerd');
  if (pick) return { active: pick, why: `${pick.process!.comm} is running (pid ${pick.process!.pid})` };
  const usable = all.filter((r) => r.cri !== false);
  if (usable.length === 1) return { active: usable[0]!, why: `only ${usable[0]!.name} is configured on this node` };
  return { why: 'no runtime process runs and more than one is configured' };
}

export function collectRuntime(ctx: CollectContext): Fact<RuntimeFacts> {
  const procs = ctx.get('processes');
  const d = ctx.get('distribution');
  const layout = d.ok ? d.value.layout : FALLBACK;
  const running = (comm: string) => (procs.ok ? procs.value.runtimes.filter((p) => p.comm === comm) : []);
  // Every containerd that runs (dockerd's own beside the kubelet's), or the configured one.
  const containerds = running('containerd');
  const all = [
    ...(containerds.length > 0 ? containerds.map((p) => readContainerd(ctx, layout, p)) : [readContainerd(ctx, layout, undefined)]),
    readDocker(ctx, layout, running('dockerd')[0]),
    readCrio(ctx, layout, running('crio')[0]),
  ].filter((r): r is RuntimeInfo => r !== undefined);
  if (all.length === 0) {
    return missing('no container runtime: no containerd/dockerd/crio process, no etc/containerd/config.toml, etc/docker/daemon.json or etc/crio/crio.conf');
  }
  return present({ ...pickActive(ctx, all), all });
}
