import type { ParseWarning } from './diagnostic.js';
import { formatWarning } from './diagnostic.js';
import { findLine } from './diagnostic.js';
import { lib } from '../../libs.js';

/** A runtime's cgroup driver and the line that decided it (none when it is the default). */
export interface DriverSetting {
  driver: string;
  path?: string;
  line?: number;
  /** Human-readable origin: the key that set it, or why the default applies. */
  origin: string;
}

type Table = Record<string, unknown>;
const isTable = (v: unknown): v is Table => typeof v === 'object' && v !== null && !Array.isArray(v);

function dig(t: unknown, keys: string[]): unknown {
  let cur = t;
  for (const k of keys) {
    if (!isTable(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}

/** Deep merge as containerd applies `imports`: later tables override earlier keys. */
export function mergeTables(base: Table, over: Table): Table {
  const out: Table = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isTable(v) && isTable(out[k]) ? mergeTables(out[k] as Table, v) : v;
  return out;
}

/** A parsed TOML file; `failed` says why nothing in it can be used (what it sets is unknown). */
export function parseTomlFile(text: string, path: string): { table: Table; warnings: ParseWarning[]; failed?: string } {
  const { parse } = lib('smol-toml');
  try {
    return { table: parse(text) as Table, warnings: [] };
  } catch (err) {
    const e = err as { line?: number; message?: string };
    const line = typeof e.line === 'number' ? e.line : undefined;
    const w = { path, ...(line !== undefined ? { line } : {}), message: `TOML: ${String(e.message ?? err).split('\n')[0]}` };
    return { table: {}, warnings: [{ ...w, message: `${w.message}; what it sets is unknown` }], failed: formatWarning(w) };
  }
}

/** The CRI plugin path of each containerd config version (1 is the pre-1.5 layout). */
const CRI_RUNTIME_PLUGIN: Record<number, string[]> = {
  1: ['plugins', 'cri', 'containerd'],
  2: ['plugins', 'io.containerd.grpc.v1.cri', 'containerd'],
  3: ['plugins', 'io.containerd.cri.v1.runtime', 'containerd'],
};

interface ContainerdRuntime {
  name: string;
  type?: string;
  systemdCgroup?: boolean;
  sandboxCgroupOnly?: boolean;
}

export interface ContainerdSettings {
  version: number;
  /** Whether its CRI plugin runs: dockerd's own containerd disables it (`disabled_plugins = ["cri"]`). */
  cri: boolean;
  defaultRuntime: string;
  runtimes: ContainerdRuntime[];
  driver: DriverSetting;
  warnings: ParseWarning[];
}

/**
 * Reads the merged containerd config (main file plus imports). `texts` maps each file to its
 * text so the line that set SystemdCgroup can be cited.
 */
export function containerdSettings(table: Table, texts: Array<{ path: string; text: string }>): ContainerdSettings {
  const warnings: ParseWarning[] = [];
  const rawVersion = table['version'];
  // No version, or 0 (what dockerd writes for the containerd it starts), is the v1 schema.
  const version = rawVersion === undefined || rawVersion === 0 ? 1 : typeof rawVersion === 'number' ? rawVersion : NaN;
  const disabled = Array.isArray(table['disabled_plugins']) ? (table['disabled_plugins'] as unknown[]) : [];
  const criOn = !disabled.some((p) => p === 'cri' || p === 'io.containerd.grpc.v1.cri' || p === 'io.containerd.cri.v1.runtime');
  const base = CRI_RUNTIME_PLUGIN[version];
  const mainPath = texts[0]?.path ?? 'etc/containerd/config.toml';
  if (!base) {
    warnings.push({ path: mainPath, message: `version = ${String(rawVersion)} is not a containerd config version cgdoctor knows (1, 2, 3); read as version 2` });
  }
  // containerd 2 reads a version 2 file by migrating io.containerd.grpc.v1.cri into the version 3
  // plugins, and only when that section exists: a version 2 file that names only the version 3
  // plugin (AKS's containerd 2 template does) configures it directly (plugins/cri/runtime ConfigMigration).
  const v3Only = version === 2 && dig(table, ['plugins', 'io.containerd.grpc.v1.cri']) === undefined && dig(table, CRI_RUNTIME_PLUGIN[3]!) !== undefined;
  const cri = dig(table, v3Only ? CRI_RUNTIME_PLUGIN[3]! : (base ?? CRI_RUNTIME_PLUGIN[2]!));
  const defaultRuntime = String(dig(cri, ['default_runtime_name']) ?? 'runc');
  const runtimesTable = dig(cri, ['runtimes']);
  const runtimes: ContainerdRuntime[] = [];
  if (isTable(runtimesTable)) {
    for (const [name, rt] of Object.entries(runtimesTable)) {
      const type = dig(rt, ['runtime_type']);
      const sc = dig(rt, ['options', 'SystemdCgroup']);
      const sco = dig(rt, ['sandbox_cgroup_only']) ?? dig(rt, ['options', 'SandboxCgroupOnly']);
      runtimes.push({
        name,
        ...(typeof type === 'string' ? { type } : {}),
        ...(typeof sc === 'boolean' ? { systemdCgroup: sc } : {}),
        ...(typeof sco === 'boolean' ? { sandboxCgroupOnly: sco } : {}),
      });
    }
  }
  const def = runtimes.find((r) => r.name === defaultRuntime);
  let driver: DriverSetting;
  if (def?.systemdCgroup !== undefined) {
    const where = texts
      .map((t) => ({ path: t.path, line: findLine(t.text, /^\s*SystemdCgroup\s*=/) }))
      .filter((w) => w.line !== undefined)
      .pop();
    driver = {
      driver: def.systemdCgroup ? 'systemd' : 'cgroupfs',
      ...(where ? { path: where.path, line: where.line } : {}),
      origin: `runtime "${defaultRuntime}" SystemdCgroup = ${def.systemdCgroup}`,
    };
  } else if (version === 1 && typeof dig(table, ['plugins', 'cri', 'systemd_cgroup']) === 'boolean') {
    const on = dig(table, ['plugins', 'cri', 'systemd_cgroup']) === true;
    const where = texts.map((t) => ({ path: t.path, line: findLine(t.text, /^\s*systemd_cgroup\s*=/) })).find((w) => w.line);
    driver = { driver: on ? 'systemd' : 'cgroupfs', ...(where ? { path: where.path, line: where.line } : {}), origin: `systemd_cgroup = ${on}` };
  } else {
    driver = { driver: 'cgroupfs', path: mainPath, origin: `SystemdCgroup not set for runtime "${defaultRuntime}" (default false)` };
  }
  return { version: base ? version : 2, cri: criOn, defaultRuntime, runtimes, driver, warnings };
}

/** Docker's `exec-opts: ["native.cgroupdriver=..."]` in daemon.json; `failed` when dockerd would refuse the file. */
export function dockerDriver(text: string, path: string): { driver?: DriverSetting; warnings: ParseWarning[]; failed?: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    const w = { path, message: `JSON: ${(err as Error).message}` };
    return { warnings: [{ ...w, message: `${w.message}; what it sets is unknown` }], failed: formatWarning(w) };
  }
  const opts = isTable(json) ? json['exec-opts'] : undefined;
  if (opts !== undefined && !Array.isArray(opts)) {
    const line = findLine(text, /"exec-opts"/);
    const w = { path, ...(line !== undefined ? { line } : {}), message: 'exec-opts: expected a list of strings' };
    return { warnings: [{ ...w, message: `${w.message}; the driver it sets is unknown` }], failed: formatWarning(w) };
  }
  for (const o of (opts ?? []) as unknown[]) {
    const m = typeof o === 'string' ? /^native\.cgroupdriver=(.*)$/.exec(o.trim()) : null;
    if (m) {
      const line = findLine(text, /native\.cgroupdriver/);
      return { driver: { driver: m[1]!, path, ...(line !== undefined ? { line } : {}), origin: `exec-opts native.cgroupdriver=${m[1]}` }, warnings: [] };
    }
  }
  return { warnings: [] };
}

/** CRI-O's `[crio.runtime] cgroup_manager`, from one TOML file. */
export function crioDriver(table: Table, text: string, path: string): DriverSetting | undefined {
  const v = dig(table, ['crio', 'runtime', 'cgroup_manager']);
  if (typeof v !== 'string') return undefined;
  const line = findLine(text, /^\s*cgroup_manager\s*=/);
  return { driver: v, path, ...(line !== undefined ? { line } : {}), origin: `cgroup_manager = "${v}"` };
}
