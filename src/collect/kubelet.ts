import type { CollectContext, Fact, KubeletFacts, KubeletSettings, ProcessInfo, Setting } from './facts.js';
import { UnknownValue, missing, present } from './facts.js';
import type { Source } from './parse/diagnostic.js';
import type { Flag } from './parse/kubelet-flags.js';
import { parseBool, parseFlags } from './parse/kubelet-flags.js';
import type { KubeletConfigFile, KubeletConfigKey } from './parse/kubelet-config.js';
import { parseKubeletConfig } from './parse/kubelet-config.js';
import type { Sourced } from './parse/systemd-unit.js';
import { expandExec, parseEnvFile, parseEnvironmentDirective } from './parse/systemd-unit.js';
import { systemdPath } from './parse/proc-cgroup.js';
import { podCgroups } from './cgroup-paths.js';
import { effectiveDirectives, unitOf } from './units.js';
import { expandGlob, matches } from './distribution.js';
import { parseArgsFile, parseYamlFlagList } from './parse/flag-lists.js';
import { FALLBACK, type Distribution, type KubeletHost, type NodeView, type ProcessMatch } from '../distributions/index.js';
import { describeFailure, isUnknowable, normalizePath } from '../host/host.js';
import { dropinFiles } from './dropins.js';

/** The kubelet settings that name cgroups, in the order users meet them. */
export const CGROUP_SETTINGS = ['kubeletCgroups', 'runtimeCgroups', 'systemCgroups', 'kubeReservedCgroup', 'systemReservedCgroup'] as const;
export type CgroupSettingName = (typeof CGROUP_SETTINGS)[number];

type Kind = 'string' | 'bool' | 'list' | 'gates';
interface SettingSpec {
  flag: string;
  config?: KubeletConfigKey;
  kind: Kind;
  default: string | boolean | string[] | Record<string, boolean>;
}

/**
 * Every kubelet setting cgdoctor reads, its flag, its config key and kubelet's default.
 * Precedence is kubelet's own: a flag beats the config file, which beats the default.
 */
const SETTINGS: { [K in keyof KubeletSettings]: SettingSpec } = {
  cgroupDriver: { flag: 'cgroup-driver', config: 'cgroupDriver', kind: 'string', default: 'cgroupfs' },
  cgroupRoot: { flag: 'cgroup-root', config: 'cgroupRoot', kind: 'string', default: '/' },
  cgroupsPerQOS: { flag: 'cgroups-per-qos', config: 'cgroupsPerQOS', kind: 'bool', default: true },
  kubeletCgroups: { flag: 'kubelet-cgroups', config: 'kubeletCgroups', kind: 'string', default: '' },
  runtimeCgroups: { flag: 'runtime-cgroups', config: 'runtimeCgroups', kind: 'string', default: '' },
  systemCgroups: { flag: 'system-cgroups', config: 'systemCgroups', kind: 'string', default: '' },
  kubeReservedCgroup: { flag: 'kube-reserved-cgroup', config: 'kubeReservedCgroup', kind: 'string', default: '' },
  systemReservedCgroup: { flag: 'system-reserved-cgroup', config: 'systemReservedCgroup', kind: 'string', default: '' },
  enforceNodeAllocatable: { flag: 'enforce-node-allocatable', config: 'enforceNodeAllocatable', kind: 'list', default: ['pods'] },
  cpuManagerPolicy: { flag: 'cpu-manager-policy', config: 'cpuManagerPolicy', kind: 'string', default: 'none' },
  memoryManagerPolicy: { flag: 'memory-manager-policy', config: 'memoryManagerPolicy', kind: 'string', default: 'None' },
  failCgroupV1: { flag: 'fail-cgroupv1', config: 'failCgroupV1', kind: 'bool', default: false },
  containerRuntimeEndpoint: { flag: 'container-runtime-endpoint', config: 'containerRuntimeEndpoint', kind: 'string', default: '' },
  dockerOnly: { flag: 'docker-only', kind: 'bool', default: false },
  containerRuntime: { flag: 'container-runtime', kind: 'string', default: '' },
  rootDir: { flag: 'root-dir', kind: 'string', default: '/var/lib/kubelet' },
  featureGates: { flag: 'feature-gates', config: 'featureGates', kind: 'gates', default: {} },
};

/** A setting, or why no file can tell it. */
type Resolved = Setting<unknown> | { unknown: string };

function fromFlag(spec: SettingSpec, f: Flag, ctx: CollectContext): Resolved {
  const source: Source = { ...f.source, excerpt: f.text };
  if (spec.kind === 'bool') {
    const b = parseBool(f.value);
    if (b === undefined) {
      const at = `${f.source.path}${f.source.line !== undefined ? ` line ${f.source.line}` : ''}`;
      ctx.warn({
        path: f.source.path,
        ...(f.source.line !== undefined ? { line: f.source.line } : {}),
        message: `--${spec.flag}=${f.value}: not a boolean; kubelet would refuse it, so its value is unknown`,
      });
      return { unknown: `${at}: --${spec.flag}=${f.value} is not a boolean` };
    }
    return { value: b, origin: 'flag', key: `--${spec.flag}`, source };
  }
  if (spec.kind === 'gates') {
    // `--feature-gates=A=true,B=false`: a gate that is not true or false makes the flag unusable.
    const gates: Record<string, boolean> = {};
    for (const part of f.value.split(',').filter(Boolean)) {
      const [name, v] = part.split('=');
      const b = parseBool(v ?? '');
      if (!name || b === undefined) return { unknown: `${f.source.path}: --${spec.flag}=${f.value}: "${part}" is not NAME=true|false` };
      gates[name.trim()] = b;
    }
    return { value: gates, origin: 'flag', key: `--${spec.flag}`, source };
  }
  const value = spec.kind === 'list' ? f.value.split(',').filter(Boolean) : f.value;
  return { value, origin: 'flag', key: `--${spec.flag}`, source };
}

/**
 * kubelet's precedence: a flag, then the config file, then the default. A value whose source
 * could not be read or parsed is unknown, never the default: reading it throws UnknownValue,
 * which skips the rule asking with this reason. `configProblem` says why the config file
 * named for kubelet could not be used at all.
 */
function resolveSettings(
  flags: Map<string, Flag>,
  configs: KubeletConfigFile[],
  ctx: CollectContext,
  configProblem: string | undefined,
  rootDir: string,
): { settings: KubeletSettings; unknown: KubeletFacts['unknown'] } {
  const out: Record<string, Setting<unknown>> = {};
  const unknown: KubeletFacts['unknown'] = {};
  for (const [name, spec] of Object.entries(SETTINGS) as Array<[keyof KubeletSettings, SettingSpec]>) {
    const f = flags.get(spec.flag);
    let r: Resolved | undefined = f ? fromFlag(spec, f, ctx) : undefined;
    // Feature gates merge: the flag's gates over the config's, gate by gate, as kubelet does.
    const mergeGates = spec.kind === 'gates' && r !== undefined && !('unknown' in r);
    if ((!r || mergeGates) && spec.config) {
      const key = spec.config;
      const problem = configProblem ?? configs.map((c) => c.unusable ?? c.invalid[key]).find((x) => x !== undefined);
      // The last file that sets it wins: drop-ins apply over the main file, in name order.
      const config = [...configs].reverse().find((c) => c.values[key] !== undefined);
      if (problem !== undefined) r = { unknown: problem };
      else if (config && mergeGates && r && !('unknown' in r)) {
        r = { ...r, value: { ...(config.values[key] as Record<string, boolean>), ...(r.value as Record<string, boolean>) } };
      } else if (config && !mergeGates) {
        const line = config.lines[key];
        r = {
          value: config.values[key],
          origin: 'config',
          key,
          source: { path: config.path, ...(line !== undefined ? { line } : {}), excerpt: `${key}: ${JSON.stringify(config.values[key])}` },
        };
      }
    }
    // The distribution's root dir is kubelet's default there (MicroK8s keeps it under the snap).
    r ??= { value: name === 'rootDir' ? `/${rootDir}` : spec.default, origin: 'default', key: spec.config ?? `--${spec.flag}` };
    if ('unknown' in r) {
      const why = `kubelet's ${spec.config ?? `--${spec.flag}`} is unknown: ${r.unknown}`;
      unknown[name] = why;
      Object.defineProperty(out, name, {
        enumerable: true,
        get: () => {
          throw new UnknownValue(why);
        },
      });
    } else out[name] = r;
  }
  return { settings: out as unknown as KubeletSettings, unknown };
}

/** A setting's value, or undefined when no file could tell it: for code that can do without. */
export function knownSetting<K extends keyof KubeletSettings>(k: KubeletFacts, name: K): KubeletSettings[K] | undefined {
  return k.unknown[name] !== undefined ? undefined : k.settings[name];
}

/** The argv systemd would start a unit with: ExecStart= after drop-ins, variables expanded. */
function argvFromUnit(ctx: CollectContext, name: string): Sourced[] | undefined {
  const units = ctx.get('units');
  const unit = units.ok ? units.value.units.get(name.replace(/\.service$/, '')) : undefined;
  if (!unit) return undefined;
  const env = new Map<string, Sourced>();
  for (const d of effectiveDirectives(unit, 'Service', 'Environment')) {
    for (const [k, v] of parseEnvironmentDirective(d)) env.set(k, v);
  }
  for (const d of effectiveDirectives(unit, 'Service', 'EnvironmentFile')) {
    const optional = d.value.startsWith('-');
    const path = normalizePath(d.value.replace(/^-/, ''));
    const r = ctx.host.read(path);
    if (!r.ok) {
      if (!optional) ctx.warn({ path: d.path, line: d.line, message: `EnvironmentFile ${path} not found` });
      continue;
    }
    const parsed = parseEnvFile(r.text, path);
    parsed.warnings.forEach(ctx.warn);
    for (const [k, v] of parsed.vars) env.set(k, v);
  }
  const exec = effectiveDirectives(unit, 'Service', 'ExecStart').pop();
  if (!exec) return undefined;
  return expandExec(exec, env).argv;
}

/** The value of `--flag=v` or `--flag v` in an argv: the first occurrence, or the last. */
function flagIn(argv: Sourced[], flag: string, last = false): Sourced | undefined {
  let found: Sourced | undefined;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!.value;
    if (a === flag && argv[i + 1]) found = argv[i + 1];
    else if (a.startsWith(`${flag}=`)) found = { value: a.slice(flag.length + 1), source: argv[i]!.source };
    else continue;
    if (!last) return found;
  }
  return found;
}

/** The flags the distribution passes its kubelet itself: before the user's, and after them all. */
interface OwnArgs {
  implied: Sourced[];
  final: Sourced[];
}

function distributionArgs(d: Distribution, node: NodeView): OwnArgs {
  const own = (flags: string[] = []) => flags.map((f) => ({ value: f, source: { path: `(${d.name}'s own default)`, excerpt: f } }));
  return { implied: own(d.kubelet.implied?.(node)), final: own(d.kubelet.final?.(node)) };
}

/**
 * The kubelet's own flags, as the distribution hands them over: what it passes itself, then each
 * source of the host in order (a later flag wins), then what it passes after them all. `argv` is
 * the host's command line. With no `own` the distribution's own flags are left out: a kubelet's
 * own command line already holds every flag it was given, and they are no line to edit.
 */
function kubeletArgs(ctx: CollectContext, host: KubeletHost, argv: Sourced[], own: OwnArgs | undefined): Sourced[] {
  const out: Sourced[] = [...(own?.implied ?? [])];
  for (const src of host.flags) {
    if (src.from === 'argv') out.push(...argv.slice(1));
    else if (src.from === 'argv-prefixed') {
      for (let i = 1; i < argv.length; i++) {
        const a = argv[i]!;
        const v = a.value === src.flag ? argv[++i] : a.value.startsWith(`${src.flag}=`) ? { value: a.value.slice(src.flag.length + 1), source: a.source } : undefined;
        if (v) out.push({ value: `--${v.value.replace(/^-+/, '')}`, source: { ...v.source, excerpt: `${src.flag}=${v.value}` } });
      }
    } else if (src.from === 'args-file') {
      const named = flagIn(argv, src.flag)?.value ?? src.default;
      if (named === undefined) continue;
      const path = normalizePath(Object.entries(src.vars ?? {}).reduce((p, [k, v]) => p.replaceAll(`\${${k}}`, v).replaceAll(`$${k}`, v), named));
      const r = ctx.host.read(path);
      if (r.ok) out.push(...parseArgsFile(r.text, path, src.vars));
      else if (r.reason === 'missing')
        ctx.warn({ path, message: `${src.flag} ${named === src.default ? 'is not given and its default' : 'names this file but it'} does not exist` });
    } else if (src.from === 'argv-words') {
      // pflag keeps the last occurrence of a string flag; its value is split as k0s does (strings.Fields).
      const named = flagIn(argv, src.flag, true);
      for (const w of named?.value.split(/\s+/).filter(Boolean) ?? []) {
        out.push({ value: w, source: { ...named!.source, excerpt: `${src.flag}=${named!.value}` } });
      }
    } else {
      // A file's list replaces the lists before it, a `key+` list adds to them.
      let list: Sourced[] = [];
      for (const path of src.files.flatMap((f) => expandGlob(ctx, f))) {
        const r = ctx.host.read(path);
        if (!r.ok) continue;
        const parsed = parseYamlFlagList(r.text, path, src.key);
        parsed.warnings.forEach(ctx.warn);
        for (const l of parsed.lists) list = l.append ? [...list, ...l.args] : l.args;
      }
      out.push(...list);
    }
  }
  out.push(...(own?.final ?? []));
  return out;
}

/** What the distribution's own flags may depend on: init, the hierarchy, how its host was started. */
function nodeView(ctx: CollectContext, process: ProcessInfo | undefined, fromUnit: boolean): NodeView {
  const procs = ctx.get('processes');
  const mounts = ctx.get('mounts');
  const cgroup = process?.cgroup ? systemdPath(process.cgroup)?.path : undefined;
  return {
    systemd: procs.ok && procs.value.systemd.running,
    v2: mounts.ok && mounts.value.layout === 'v2',
    service: process ? unitOf(process) !== undefined : fromUnit,
    ...(cgroup !== undefined ? { cgroup } : {}),
    read: (path) => {
      const r = ctx.host.read(path, { denial: 'quiet' });
      return r.ok ? r.text : undefined;
    },
  };
}

/** Whether a command line's first word runs this program. */
const runs = (m: ProcessMatch, arg0: string) => m.comm.includes(arg0.split('/').pop() ?? '') || (m.exe?.test(arg0) ?? false);

/**
 * How a unit's ExecStart= hands the kubelet its flags: as the kubelet itself or a program that
 * embeds it, or as the supervisor that starts it (k0s); else as the layout's first host.
 */
function unitHost(layout: Distribution, arg0: string): KubeletHost {
  const sup = layout.kubelet.supervisor;
  if (sup && runs(sup.process, arg0)) return { process: sup.process, embedded: false, flags: sup.flags };
  return layout.kubelet.hosts.find((h) => runs(h.process, arg0)) ?? layout.kubelet.hosts[0]!;
}

/** The first path of a list that exists in the tree. */
const firstExisting = (ctx: CollectContext, paths: string[]) => paths.flatMap((p) => expandGlob(ctx, p)).find((p) => ctx.host.exists(p, { denial: 'quiet' }));

/**
 * A running kubelet's flags come from its command line, but the line to edit is in the unit or
 * an env file: when the unit yields the same value, cite that line instead.
 */
function citeUnitLines(flags: Map<string, Flag>, fromUnit: Map<string, Flag> | undefined): void {
  if (!fromUnit) return;
  for (const [name, f] of flags) {
    const u = fromUnit.get(name);
    if (u && u.value === f.value) flags.set(name, { ...f, source: u.source });
  }
}

/** Reads a kubelet config file or drop-in; why it cannot be used, when it cannot. */
function readConfig(ctx: CollectContext, path: string, named: boolean): { file?: KubeletConfigFile; problem?: string } {
  const r = ctx.host.read(path, { denial: 'handled' });
  if (r.ok) {
    const file = parseKubeletConfig(r.text, path);
    file.warnings.forEach(ctx.warn);
    return { file };
  }
  if (isUnknowable(r)) return { problem: `could not read ${path}: ${describeFailure(r)}` };
  if (!named) return {};
  // kubelet refuses to start without the file it was told to load: what it would use is unknown.
  const problem = `kubelet --config names ${path}, which ${r.reason === 'missing' ? 'does not exist' : `cannot be read (${describeFailure(r)})`}`;
  ctx.warn({ path, message: `${problem}; the settings it would hold are unknown` });
  return { problem };
}

/**
 * The kubelet wherever the distribution puts it: a kubelet process, or one that embeds it (k3s,
 * kubelite); its flags from the command line (or, when it is not running, from its unit) through
 * the distribution's flag sources; its config file (--config) and drop-ins (--config-dir, `*.conf`
 * merged in name order over it, as kubelet does); the root dir the distribution uses.
 */
export function collectKubelet(ctx: CollectContext): Fact<KubeletFacts> {
  const d = ctx.get('distribution');
  const layout = d.ok ? d.value.layout : FALLBACK;
  const procs = ctx.get('processes');
  const candidates = procs.ok ? procs.value.kubelets : [];
  let host = layout.kubelet.hosts.find((h) => candidates.some((p) => matches(p, h.process)));
  const process = host ? candidates.find((p) => matches(p, host!.process)) : undefined;
  let flagsFrom: KubeletFacts['flagsFrom'] = 'none';
  let argv: Sourced[] | undefined;
  let unit: string | undefined;
  // The unit the host runs in first, then the distribution's own units.
  const fromUnit = () => {
    const running = unitOf(process);
    for (const name of [...(running ? [running] : []), ...layout.kubelet.units]) {
      const a = argvFromUnit(ctx, name);
      if (a) return { argv: a, unit: name, host: unitHost(layout, a[0]?.value ?? '') };
    }
    return undefined;
  };
  const supervisor = layout.kubelet.supervisor;
  if (process?.cmdline && !host?.hidesArgs) {
    flagsFrom = 'cmdline';
    argv = process.cmdline.map((value) => ({ value, source: { path: process.cmdlinePath, line: 1 } }));
    // A supervised kubelet belongs to its supervisor's unit, wherever --kubelet-cgroups moved it.
    const sup = supervisor && procs.ok ? [...procs.value.signals, ...procs.value.runtimes].find((p) => matches(p, supervisor.process)) : undefined;
    unit = unitOf(sup) ?? unitOf(process);
  } else {
    // Not running, or running with its command line hidden (k3s): the unit's ExecStart= says.
    const u = fromUnit();
    if (u) {
      flagsFrom = 'unit';
      argv = u.argv;
      unit = u.unit;
      if (!process) host = u.host;
    } else if (process) unit = unitOf(process);
  }
  const chosen = host ?? layout.kubelet.hosts[0]!;
  const own = distributionArgs(layout, nodeView(ctx, process, flagsFrom === 'unit'));
  const ownArgv = flagsFrom === 'cmdline' && chosen.flags.some((f) => f.from === 'argv');
  // With no command line known, the distribution's own flags and its config files still count.
  const flags = parseFlags(kubeletArgs(ctx, chosen, argv ?? [], ownArgv ? undefined : own));
  // The running kubelet's command line decides; the unit only shows which line to edit.
  if (flagsFrom === 'cmdline') {
    citeUnitLines(
      flags,
      ctx.untracked(() => {
        const u = fromUnit();
        // Only lines of files: what the distribution passes itself is no line to edit.
        return u ? parseFlags(kubeletArgs(ctx, u.host, u.argv, undefined)) : undefined;
      }),
    );
  }
  // kubelet reads a config file only when --config names one, drop-ins only when --config-dir
  // does; with no flags known at all, or a supervisor's flags that name none (it passes one
  // itself), the distribution's own paths are the best guess.
  const configFlag = flags.get('config')?.value;
  const guess = flagsFrom === 'none' || (supervisor !== undefined && chosen.process === supervisor.process);
  const configPath = configFlag ? normalizePath(configFlag) : guess ? firstExisting(ctx, layout.kubelet.configs) : undefined;
  const dirFlag = flags.get('config-dir')?.value;
  const configDir = dirFlag ? normalizePath(dirFlag) : flagsFrom === 'none' ? firstExisting(ctx, layout.kubelet.configDirs) : undefined;
  const configs: KubeletConfigFile[] = [];
  const problems: string[] = [];
  if (configPath) {
    const c = readConfig(ctx, configPath, configFlag !== undefined);
    if (c.file) configs.push(c.file);
    if (c.problem) problems.push(c.problem);
  }
  const dropins: string[] = [];
  if (configDir) {
    for (const path of dropinFiles(ctx, configDir, (n) => n.endsWith('.conf'), problems)) {
      const c = readConfig(ctx, path, false);
      if (c.file) {
        configs.push(c.file);
        dropins.push(path);
      }
      if (c.problem) problems.push(c.problem);
    }
  }
  if (!process && flagsFrom === 'none' && configs.length === 0 && problems.length === 0) {
    const comms = [...new Set(layout.kubelet.hosts.flatMap((h) => h.process.comm))].join(', ');
    const units = layout.kubelet.units.length > 0 ? `no ${layout.kubelet.units.join(' or ')} unit` : `no unit (${layout.name} runs none)`;
    return missing(`no kubelet: no ${comms} process in proc/, ${units}, no ${layout.kubelet.configs.join(' or ') || 'config file'}`);
  }
  const others = candidates.filter((p) => p !== process);
  if (process && others.length > 0)
    ctx.warn({ path: 'proc', message: `more than one kubelet: pid ${process.pid} (${process.comm}) read; also ${others.map((p) => `pid ${p.pid} (${p.comm})`).join(', ')}` });
  return present({
    ...(process ? { process } : {}),
    flagsFrom,
    flags,
    ownFlags: parseFlags([...own.implied, ...own.final]),
    embedded: chosen.embedded,
    ...(unit ? { unit } : {}),
    ...(configPath && (configs.some((c) => c.path === configPath) || problems.length > 0) ? { configPath } : {}),
    ...(configDir ? { configDir, dropins } : {}),
    ...resolveSettings(flags, configs, ctx, problems.length > 0 ? problems.join('; ') : undefined, layout.kubelet.rootDir),
  });
}

/**
 * Where this kubelet puts pods: its driver's pods root under its cgroupRoot, or both drivers'
 * roots when there is no kubelet or its driver is unknown, so a search still covers them.
 */
export function podRootsOf(k: KubeletFacts | undefined): Array<{ root: string; qos: string[] }> {
  const driver = k ? knownSetting(k, 'cgroupDriver') : undefined;
  const root = k ? knownSetting(k, 'cgroupRoot') : undefined;
  return driver && root ? [podCgroups(driver.value, root.value)] : [podCgroups('systemd', '/'), podCgroups('cgroupfs', '/')];
}

/** The cgroup-naming settings that are set and known, for code that only looks them up. */
export function knownCgroupSettings(k: KubeletFacts | undefined): Array<{ name: CgroupSettingName; setting: Setting<string> }> {
  if (!k) return [];
  return CGROUP_SETTINGS.flatMap((name) => {
    const setting = knownSetting(k, name);
    return setting && setting.value !== '' ? [{ name, setting }] : [];
  });
}

/** Every known setting, for reports that show them all. */
export function knownSettings(k: KubeletFacts): Array<[keyof KubeletSettings, Setting<unknown>]> {
  return (Object.keys(SETTINGS) as Array<keyof KubeletSettings>).flatMap((n) =>
    k.unknown[n] === undefined ? [[n, k.settings[n] as Setting<unknown>] as [keyof KubeletSettings, Setting<unknown>]] : [],
  );
}
