import type { ParseWarning } from './diagnostic.js';
import { formatWarning } from './diagnostic.js';
import { lineOfPath } from './yaml-lines.js';
import { lib } from '../../libs.js';

// A wrongly typed value is named by hand (the field, the element, what it is): zod, ~50 ms to
// load, is kept for .cgdoctor.yaml, where a scan pays for it only when there is one.

/** The KubeletConfiguration fields cgdoctor reads (kubelet.config.k8s.io/v1beta1), and their types. */
const KUBELET_CONFIG_FIELDS = {
  cgroupDriver: 'string',
  cgroupRoot: 'string',
  cgroupsPerQOS: 'boolean',
  kubeletCgroups: 'string',
  runtimeCgroups: 'string',
  systemCgroups: 'string',
  kubeReservedCgroup: 'string',
  systemReservedCgroup: 'string',
  enforceNodeAllocatable: 'string[]',
  featureGates: 'gates',
  cpuManagerPolicy: 'string',
  memoryManagerPolicy: 'string',
  failCgroupV1: 'boolean',
  containerRuntimeEndpoint: 'string',
} as const;

type FieldType = (typeof KUBELET_CONFIG_FIELDS)[keyof typeof KUBELET_CONFIG_FIELDS];
type TypeOf<T extends FieldType> = T extends 'string' ? string : T extends 'boolean' ? boolean : T extends 'gates' ? Record<string, boolean> : string[];

export type KubeletConfigKey = keyof typeof KUBELET_CONFIG_FIELDS;
type KubeletConfigValues = { [K in KubeletConfigKey]?: TypeOf<(typeof KUBELET_CONFIG_FIELDS)[K]> };

export interface KubeletConfigFile {
  path: string;
  values: KubeletConfigValues;
  lines: Partial<Record<KubeletConfigKey, number>>;
  /** Fields present with a value kubelet would reject: what kubelet uses is unknown, not the default. */
  invalid: Partial<Record<KubeletConfigKey, string>>;
  /** Why nothing in the file can be used (not YAML, not a mapping): every field is unknown. */
  unusable?: string;
  warnings: ParseWarning[];
}

/** The key or index of the first element of a list or mapping that has the wrong type. */
function firstWrong(v: unknown, t: FieldType): string | undefined {
  if (t === 'string[]' && Array.isArray(v)) {
    const i = v.findIndex((x) => typeof x !== 'string');
    return i >= 0 ? String(i) : undefined;
  }
  if (t === 'gates' && typeof v === 'object' && v !== null && !Array.isArray(v)) return Object.keys(v).find((k) => typeof (v as Record<string, unknown>)[k] !== 'boolean');
  return undefined;
}

const EXPECTED: Record<FieldType, string> = { string: 'a string', boolean: 'a boolean', 'string[]': 'a list of strings', gates: 'a mapping of feature names to true or false' };

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'a mapping' : `${typeof v} ${JSON.stringify(v)}`;
}

/** The JSON type a field must have. */
function hasType(v: unknown, t: FieldType): boolean {
  if (t === 'string[]') return Array.isArray(v) && v.every((x) => typeof x === 'string');
  if (t === 'gates') return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'boolean');
  return typeof v === t;
}

export function parseKubeletConfig(text: string, path: string): KubeletConfigFile {
  const yaml = lib('js-yaml');
  const warnings: ParseWarning[] = [];
  const values: KubeletConfigValues = {};
  const lines: Partial<Record<KubeletConfigKey, number>> = {};
  const invalid: Partial<Record<KubeletConfigKey, string>> = {};
  const unusable = (w: ParseWarning): KubeletConfigFile => {
    warnings.push({ ...w, message: `${w.message}; its settings are unknown` });
    return { path, values, lines, invalid, unusable: formatWarning(w), warnings };
  };
  let doc: unknown;
  try {
    doc = yaml.load(text, { filename: path, json: true });
  } catch (err) {
    const e = err as { mark?: { line?: number }; reason?: string; message?: string };
    const line = e.mark?.line !== undefined ? e.mark.line + 1 : undefined;
    return unusable({ path, ...(line !== undefined ? { line } : {}), message: `YAML: ${e.reason ?? String(e.message).split('\n')[0]}` });
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return unusable({ path, message: 'not a YAML mapping' });
  for (const [key, raw] of Object.entries(doc)) {
    if (!Object.hasOwn(KUBELET_CONFIG_FIELDS, key)) continue;
    const k = key as KubeletConfigKey;
    const line = lineOfPath(text, [key]);
    const type = KUBELET_CONFIG_FIELDS[k];
    if (!hasType(raw, type)) {
      const inner = firstWrong(raw, type);
      const where = inner === undefined ? '' : `[${inner}]`;
      const got = inner === undefined ? raw : (raw as Record<string, unknown>)[inner];
      const each = type === 'gates' ? 'true or false' : 'a string';
      const w = { path, ...(line !== undefined ? { line } : {}), message: `${key}${where}: expected ${where ? each : EXPECTED[type]}, got ${typeName(got)}` };
      warnings.push({ ...w, message: `${w.message}; kubelet would reject it, so its value is unknown` });
      invalid[k] = formatWarning(w);
      continue;
    }
    (values as Record<string, unknown>)[k] = raw;
    if (line !== undefined) lines[k] = line;
  }
  return { path, values, lines, invalid, warnings };
}
