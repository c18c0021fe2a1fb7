import type { FactStore } from './collect/index.js';
import type { KubeletSettings, Layout, Setting } from './collect/facts.js';
import type { Source } from './collect/parse/diagnostic.js';
import type { Severity } from './rules/define.js';
import { knownDriver } from './collect/runtime.js';

/** Where a value came from, as users cite it: `path:line`. */
const cite = (s: Source | { path?: string; line?: number } | undefined): string | null => (s?.path ? `${s.path}${s.line !== undefined ? `:${s.line}` : ''}` : null);

export type ShownSetting = { value: unknown; origin: Setting<unknown>['origin']; source: string | null } | { unknown: string };

/** What the user asked the run to change: a suppressed finding must never be invisible. */
export interface AppliedConfig {
  file: string | null;
  only: string[] | null;
  ignored: string[];
  severity: Record<string, Severity>;
  thresholds: Record<string, Record<string, number>>;
  failOn: string;
  kubeletVersion: string | null;
}

export const NO_CONFIG: AppliedConfig = { file: null, only: null, ignored: [], severity: {}, thresholds: {}, failOn: 'error', kubeletVersion: null };

/** The facts a `docker info` user looks for first, above the findings and in the JSON as `facts`. */
export interface NodeSummary {
  kernel: string | null;
  os: string | null;
  /** The distribution the node was read as, and what showed it. */
  distribution: { id: string; name: string; why: string };
  layout: Layout;
  view: { mountinfo: string; whose: string } | null;
  privileges: { uid: number; root: boolean } | null;
  kubelet: {
    version: { value: string; source: string | null } | null;
    pid: number | null;
    /** Its executable, or the program that embeds it. */
    process: string | null;
    embedded: boolean;
    unit: string | null;
    flagsFrom: 'cmdline' | 'unit' | 'none';
    config: string | null;
    dropins: string[];
    settings: Partial<Record<keyof KubeletSettings, ShownSetting>>;
  } | null;
  runtime: {
    name: string;
    config: string;
    pid: number | null;
    chosen: string;
    driver: { value: string; origin: string; source: string | null } | { unknown: string };
  } | null;
  configuration: AppliedConfig;
}

/** The kubelet settings the header shows: those about cgroups, in the order users meet them. */
export const SHOWN_SETTINGS = [
  'cgroupDriver',
  'cgroupRoot',
  'cgroupsPerQOS',
  'kubeletCgroups',
  'runtimeCgroups',
  'systemCgroups',
  'kubeReservedCgroup',
  'systemReservedCgroup',
  'enforceNodeAllocatable',
  'failCgroupV1',
] as const satisfies ReadonlyArray<keyof KubeletSettings>;

/** Built from facts the rules have mostly read already; costs a few small reads at most. */
export function summarize(store: FactStore, configuration: AppliedConfig): { node: string; facts: NodeSummary } {
  const id = store.get('node');
  const mounts = store.get('mounts');
  const dist = store.get('distribution');
  const k = store.get('kubelet');
  const v = store.get('kubeletVersion');
  const rt = store.get('runtime');
  const active = rt.ok ? rt.value.active : undefined;
  const uid = store.context.uid;
  let kubelet: NodeSummary['kubelet'] = null;
  if (k.ok) {
    const settings: Partial<Record<keyof KubeletSettings, ShownSetting>> = {};
    for (const name of SHOWN_SETTINGS) {
      const why = k.value.unknown[name];
      if (why !== undefined) settings[name] = { unknown: why };
      else {
        const s = k.value.settings[name] as Setting<unknown>;
        settings[name] = { value: s.value, origin: s.origin, source: cite(s.source) };
      }
    }
    kubelet = {
      version: v.ok ? { value: v.value.text, source: cite(v.value.source) } : null,
      pid: k.value.process?.pid ?? null,
      process: k.value.process ? (k.value.process.cmdline?.[0] ?? k.value.process.comm) : null,
      embedded: k.value.embedded,
      unit: k.value.unit ?? null,
      flagsFrom: k.value.flagsFrom,
      config: k.value.configPath ?? null,
      dropins: k.value.dropins ?? [],
      settings,
    };
  }
  const driver = active ? knownDriver(active) : undefined;
  return {
    node: (id.ok ? id.value.name : undefined) ?? store.context.label,
    facts: {
      kernel: (id.ok ? id.value.kernel : undefined) ?? null,
      os: (id.ok ? id.value.os : undefined) ?? null,
      distribution: dist.ok ? { id: dist.value.layout.id, name: dist.value.layout.name, why: dist.value.why } : { id: 'unknown', name: 'unknown', why: dist.missing },
      layout: mounts.ok ? mounts.value.layout : 'unknown',
      view: mounts.ok ? { mountinfo: mounts.value.path, whose: mounts.value.whose } : null,
      privileges: uid === undefined ? null : { uid, root: uid === 0 },
      kubelet,
      runtime:
        active && rt.ok
          ? {
              name: active.name,
              config: active.config,
              pid: active.process?.pid ?? null,
              chosen: rt.value.why,
              driver: driver ? { value: driver.driver, origin: driver.origin, source: cite(driver) } : { unknown: active.driverUnknown! },
            }
          : null,
      configuration,
    },
  };
}
