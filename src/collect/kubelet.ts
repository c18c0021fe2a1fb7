import type { CollectContext, Fact, KubeletFacts, KubeletSettings, Setting } from './facts.js';
import { missing, present } from './facts.js';
import type { Source } from './parse/diagnostic.js';
import type { Flag } from './parse/kubelet-flags.js';
import { parseBool, parseFlags } from './parse/kubelet-flags.js';
import type { KubeletConfigFile, KubeletConfigKey } from './parse/kubelet-config.js';
import { parseKubeletConfig } from './parse/kubelet-config.js';
import type { Sourced } from './parse/systemd-unit.js';
import { expandExec, parseEnvFile, parseEnvironmentDirective } from './parse/systemd-unit.js';
import { effectiveDirectives } from './units.js';
import { normalizePath } from '../host/host.js';

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

function fromFlag(spec: SettingSpec, f: Flag, ctx: CollectContext): Setting<unknown> | undefined {
  const source: Source = { ...f.source, excerpt: f.text };
  if (spec.kind === 'bool') {
    const b = parseBool(f.value);
    if (b === undefined) {
      ctx.warn({ path: f.source.path, ...(f.source.line !== undefined ? { line: f.source.line } : {}), message: `--${spec.flag}=${f.value}: not a boolean; flag ignored` });
      return undefined;
    }
    return { value: b, origin: 'flag', key: `--${spec.flag}`, source };
  }
  const value = spec.kind === 'list' ? f.value.split(',').filter(Boolean) : f.value;
  return { value, origin: 'flag', key: `--${spec.flag}`, source };
}

export function resolveSettings(flags: Map<string, Flag>, config: KubeletConfigFile | undefined, ctx: CollectContext): KubeletSettings {
  const out: Record<string, Setting<unknown>> = {};
  for (const [name, spec] of Object.entries(SETTINGS) as Array<[keyof KubeletSettings, SettingSpec]>) {
    const f = flags.get(spec.flag);
    const viaFlag = f ? fromFlag(spec, f, ctx) : undefined;
    if (viaFlag) {
      out[name] = viaFlag;
      continue;
    }
    if (spec.config && config && config.values[spec.config] !== undefined) {
      const line = config.lines[spec.config];
      out[name] = {
        value: config.values[spec.config],
        origin: 'config',
        key: spec.config,
        source: { path: config.path, ...(line !== undefined ? { line } : {}), excerpt: `${spec.config}: ${JSON.stringify(config.values[spec.config])}` },
      };
      continue;
    }
    out[name] = { value: spec.default, origin: 'default', key: spec.config ?? `--${spec.flag}` };
  }
  return out as unknown as KubeletSettings;
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
  if (flagsFrom === 'cmdline') citeUnitLines(flags, argvFromUnit(ctx));
  // kubelet reads a config file only when --config names one; with no flags known at all,
  // the kubeadm location is the best guess.
  const configFlag = flags.get('config')?.value;
  const configPath = configFlag ? normalizePath(configFlag) : flagsFrom === 'none' ? 'var/lib/kubelet/config.yaml' : undefined;
  let config: KubeletConfigFile | undefined;
  if (configPath) {
    const r = ctx.host.read(configPath);
    if (r.ok) {
      config = parseKubeletConfig(r.text, configPath);
      config.warnings.forEach(ctx.warn);
    } else if (configFlag) {
      ctx.warn({ path: configPath, message: `kubelet --config names this file but it cannot be read (${r.reason}); defaults used` });
    }
  }
  if (!process && flagsFrom === 'none' && !config) {
    return missing('no kubelet: no kubelet process in proc/, no kubelet.service unit, no var/lib/kubelet/config.yaml');
  }
  return present({
    ...(process ? { process } : {}),
    flagsFrom,
    flags,
    ...(config ? { configPath } : {}),
    settings: resolveSettings(flags, config, ctx),
  });
}
