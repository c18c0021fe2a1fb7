import { createRequire } from 'node:module';
import type * as YAML from 'yaml';
import type * as Z from 'zod/mini';
import type { ParseWarning } from './diagnostic.js';

// yaml and zod cost ~100 ms to load: they are required on first use, so `--help`, `rules`,
// `explain` and a scan of a node without a kubelet config never pay for them.
const require = createRequire(import.meta.url);

/** The KubeletConfiguration fields cgdoctor reads (kubelet.config.k8s.io/v1beta1), and their types. */
export const KUBELET_CONFIG_FIELDS = {
  cgroupDriver: 'string',
  cgroupRoot: 'string',
  cgroupsPerQOS: 'boolean',
  kubeletCgroups: 'string',
  runtimeCgroups: 'string',
  systemCgroups: 'string',
  kubeReservedCgroup: 'string',
  systemReservedCgroup: 'string',
  enforceNodeAllocatable: 'string[]',
  cpuManagerPolicy: 'string',
  memoryManagerPolicy: 'string',
  failCgroupV1: 'boolean',
  containerRuntimeEndpoint: 'string',
} as const;

type FieldType = (typeof KUBELET_CONFIG_FIELDS)[keyof typeof KUBELET_CONFIG_FIELDS];
type TypeOf<T extends FieldType> = T extends 'string' ? string : T extends 'boolean' ? boolean : string[];

export type KubeletConfigKey = keyof typeof KUBELET_CONFIG_FIELDS;
export type KubeletConfigValues = { [K in KubeletConfigKey]?: TypeOf<(typeof KUBELET_CONFIG_FIELDS)[K]> };

export interface KubeletConfigFile {
  path: string;
  values: KubeletConfigValues;
  lines: Partial<Record<KubeletConfigKey, number>>;
  warnings: ParseWarning[];
}

let schemas: Record<FieldType, Z.ZodMiniType> | undefined;

/** One zod schema per field type, each field checked on its own: one wrong type is one warning. */
function schemaFor(t: FieldType): Z.ZodMiniType {
  if (!schemas) {
    const z = require('zod/mini') as typeof Z;
    schemas = { string: z.string(), boolean: z.boolean(), 'string[]': z.array(z.string()) };
  }
  return schemas[t];
}

const EXPECTED: Record<FieldType, string> = { string: 'a string', boolean: 'a boolean', 'string[]': 'a list of strings' };

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'a mapping' : `${typeof v} ${JSON.stringify(v)}`;
}

export function parseKubeletConfig(text: string, path: string): KubeletConfigFile {
  const { LineCounter, parseDocument, isMap, isScalar, isPair } = require('yaml') as typeof YAML;
  const warnings: ParseWarning[] = [];
  const values: KubeletConfigValues = {};
  const lines: Partial<Record<KubeletConfigKey, number>> = {};
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: true, uniqueKeys: false });
  for (const e of doc.errors) {
    const line = e.linePos?.[0]?.line;
    warnings.push({ path, ...(line !== undefined ? { line } : {}), message: `YAML: ${e.message.split('\n')[0]}` });
  }
  if (!isMap(doc.contents)) {
    if (doc.errors.length === 0) warnings.push({ path, message: 'not a YAML mapping; file ignored' });
    return { path, values, lines, warnings };
  }
  for (const item of doc.contents.items) {
    if (!isPair(item) || !isScalar(item.key)) continue;
    const key = String(item.key.value);
    if (!Object.hasOwn(KUBELET_CONFIG_FIELDS, key)) continue;
    const k = key as KubeletConfigKey;
    const line = item.key.range ? lc.linePos(item.key.range[0]).line : undefined;
    const raw = (item.value as { toJSON?: () => unknown } | null)?.toJSON?.() ?? null;
    const type = KUBELET_CONFIG_FIELDS[k];
    const r = schemaFor(type).safeParse(raw);
    if (!r.success) {
      warnings.push({ path, ...(line !== undefined ? { line } : {}), message: `${key}: expected ${EXPECTED[type]}, got ${typeName(raw)}; value ignored` });
      continue;
    }
    (values as Record<string, unknown>)[k] = r.data;
    if (line !== undefined) lines[k] = line;
  }
  return { path, values, lines, warnings };
}
