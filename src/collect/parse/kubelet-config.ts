import { LineCounter, parseDocument, isMap, isScalar, isPair } from 'yaml';
import * as z from 'zod/mini';
import type { ParseWarning } from './diagnostic.js';

/**
 * The KubeletConfiguration fields cgdoctor reads (kubelet.config.k8s.io/v1beta1). Each is checked
 * on its own so one wrong type is one named warning, and the rest of the file still counts.
 */
export const kubeletConfigSchema = {
  cgroupDriver: z.string(),
  cgroupRoot: z.string(),
  cgroupsPerQOS: z.boolean(),
  kubeletCgroups: z.string(),
  runtimeCgroups: z.string(),
  systemCgroups: z.string(),
  kubeReservedCgroup: z.string(),
  systemReservedCgroup: z.string(),
  enforceNodeAllocatable: z.array(z.string()),
  cpuManagerPolicy: z.string(),
  memoryManagerPolicy: z.string(),
  failCgroupV1: z.boolean(),
  containerRuntimeEndpoint: z.string(),
} as const;

export type KubeletConfigKey = keyof typeof kubeletConfigSchema;
export type KubeletConfigValues = { [K in KubeletConfigKey]?: z.infer<(typeof kubeletConfigSchema)[K]> };

export interface KubeletConfigFile {
  path: string;
  values: KubeletConfigValues;
  lines: Partial<Record<KubeletConfigKey, number>>;
  warnings: ParseWarning[];
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'a mapping' : `${typeof v} ${JSON.stringify(v)}`;
}

function expected(schema: z.ZodMiniType): string {
  const t = (schema as unknown as { _zod: { def: { type: string; element?: { _zod: { def: { type: string } } } } } })._zod.def;
  return t.type === 'array' ? `a list of ${t.element?._zod.def.type ?? 'values'}s` : `a ${t.type}`;
}

export function parseKubeletConfig(text: string, path: string): KubeletConfigFile {
  const warnings: ParseWarning[] = [];
  const values: KubeletConfigValues = {};
  const lines: Partial<Record<KubeletConfigKey, number>> = {};
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: false });
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
    if (!Object.hasOwn(kubeletConfigSchema, key)) continue;
    const k = key as KubeletConfigKey;
    const line = item.key.range ? lc.linePos(item.key.range[0]).line : undefined;
    const raw = (item.value as { toJSON?: () => unknown } | null)?.toJSON?.() ?? null;
    const schema = kubeletConfigSchema[k] as z.ZodMiniType;
    const r = schema.safeParse(raw);
    if (!r.success) {
      warnings.push({ path, ...(line !== undefined ? { line } : {}), message: `${key}: expected ${expected(schema)}, got ${typeName(raw)}; value ignored` });
      continue;
    }
    (values as Record<string, unknown>)[k] = r.data;
    if (line !== undefined) lines[k] = line;
  }
  return { path, values, lines, warnings };
}
