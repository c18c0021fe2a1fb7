import type { CollectContext, Fact, KubeletFacts, KubeletSettings, Setting } from './facts.js';
import { UnknownValue, missing, present } from './facts.js';
import type { Source } from './parse/diagnostic.js';
import type { Flag } from './parse/kubelet-flags.js';
import { parseBool, parseFlags } from './parse/kubelet-flags.js';
import type { KubeletConfigFile, KubeletConfigKey } from './parse/kubelet-config.js';
import { parseKubeletConfig } from './parse/kubelet-config.js';
import type { Sourced } from './parse/systemd-unit.js';
import { expandExec, parseEnvFile, parseEnvironmentDirective } from './parse/systemd-unit.js';
import { effectiveDirectives } from './units.js';
import { podCgroups } from './cgroup-paths.js';
import { describeFailure, isUnknowable, normalizePath } from '../host/host.js';

/** The kubelet settings that name cgroups, in the order users meet them. */
export const CGROUP_SETTINGS = ['kubeletCgroups', 'runtimeCgroups', 'systemCgroups', 'kubeReservedCgroup', 'systemReservedCgroup'] as const;
export type CgroupSettingName = (typeof CGROUP_SETTINGS)[number];

type Kind = 'string' | 'bool' | 'list';
interface SettingSpec {
  flag: string;
  config?: KubeletConfigKey;
  kind: Kind;
  default: string | boolean | string[];
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
  config: KubeletConfigFile | undefined,
  ctx: CollectContext,
  configProblem?: string,
): { settings: KubeletSettings; unknown: KubeletFacts['unknown'] } {
  const out: Record<string, Setting<unknown>> = {};
  const unknown: KubeletFacts['unknown'] = {};
  for (const [name, spec] of Object.entries(SETTINGS) as Array<[keyof KubeletSettings, SettingSpec]>) {
    const f = flags.get(spec.flag);
    let r: Resolved | undefined = f ? fromFlag(spec, f, ctx) : undefined;
    if (!r && spec.config) {
      const problem = configProblem ?? config?.unusable ?? config?.invalid[spec.config];
      if (problem !== undefined) r = { unknown: problem };
      else if (config && config.values[spec.config] !== undefined) {
        const line = config.lines[spec.config];
        r = {
          value: config.values[spec.config],
          origin: 'config',
          key: spec.config,
          source: { path: config.path, ...(line !== undefined ? { line } : {}), excerpt: `${spec.config}: ${JSON.stringify(config.values[spec.config])}` },
        };
      }
    }
    r ??= { value: spec.default, origin: 'default', key: spec.config ?? `--${spec.flag}` };
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

/** The argv systemd would start kubelet with: ExecStart= after drop-ins, variables expanded. */
function argvFromUnit(ctx: CollectContext): Sourced[] | undefined {
  const units = ctx.get('units');
  const unit = units.ok ? units.value.units.get('kubelet') : undefined;
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

/**
 * A running kubelet's flags come from its cmdline, but the line to edit is in the unit or an env
 * file: when the unit yields the same value, cite that line instead.
 */
function citeUnitLines(flags: Map<string, Flag>, unitArgv: Sourced[] | undefined): void {
  if (!unitArgv) return;
  const fromUnit = parseFlags(unitArgv.slice(1));
  for (const [name, f] of flags) {
    const u = fromUnit.get(name);
    if (u && u.value === f.value) flags.set(name, { ...f, source: u.source });
  }
}

export function collectKubelet(ctx: CollectContext): Fact<KubeletFacts> {
  const procs = ctx.get('processes');
  const process = procs.ok ? procs.value.kubelet : undefined;
  let flagsFrom: KubeletFacts['flagsFrom'] = 'none';
  let argv: Sourced[] | undefined;
  if (process?.cmdline) {
    flagsFrom = 'cmdline';
    argv = process.cmdline.map((value) => ({ value, source: { path: process.cmdlinePath, line: 1 } }));
  } else {
    argv = argvFromUnit(ctx);
    if (argv) flagsFrom = 'unit';
  }
  const flags = parseFlags((argv ?? []).slice(1));
  // The running kubelet's cmdline decides; the unit only shows which line to edit.
  if (flagsFrom === 'cmdline')
    citeUnitLines(
      flags,
      ctx.untracked(() => argvFromUnit(ctx)),
    );
  // kubelet reads a config file only when --config names one; with no flags known at all,
  // the kubeadm location is the best guess.
  const configFlag = flags.get('config')?.value;
  const configPath = configFlag ? normalizePath(configFlag) : flagsFrom === 'none' ? 'var/lib/kubelet/config.yaml' : undefined;
  let config: KubeletConfigFile | undefined;
  let configProblem: string | undefined;
  if (configPath) {
    const r = ctx.host.read(configPath, { denial: 'handled' });
    if (r.ok) {
      config = parseKubeletConfig(r.text, configPath);
      config.warnings.forEach(ctx.warn);
    } else if (isUnknowable(r)) {
      configProblem = `could not read ${configPath}: ${describeFailure(r)}`;
    } else if (configFlag) {
      // kubelet refuses to start without the file it was told to load: what it would use is unknown.
      configProblem = `kubelet --config names ${configPath}, which ${r.reason === 'missing' ? 'does not exist' : `cannot be read (${describeFailure(r)})`}`;
      ctx.warn({ path: configPath, message: `${configProblem}; the settings it would hold are unknown` });
    }
  }
  if (!process && flagsFrom === 'none' && !config && !configProblem) {
    return missing('no kubelet: no kubelet process in proc/, no kubelet.service unit, no var/lib/kubelet/config.yaml');
  }
  return present({
    ...(process ? { process } : {}),
    flagsFrom,
    flags,
    ...(configPath && (config || configProblem) ? { configPath } : {}),
    ...resolveSettings(flags, config, ctx, configProblem),
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
