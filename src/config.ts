import { createRequire } from 'node:module';
import type * as JsYaml from 'js-yaml';
import type * as Z from 'zod/mini';
import type { AnyRule, Severity } from './rules/define.js';
import type { EngineConfig } from './engine.js';
import type { FailOn } from './scan.js';
import { lineOfPath } from './collect/parse/yaml-lines.js';

const require = createRequire(import.meta.url);

/** What .cgdoctor.yaml and the flags decide, after validation. */
export interface RunConfig {
  only?: string[];
  ignore: string[];
  engine: EngineConfig;
  failOn?: FailOn;
  kubeletVersion?: string;
}

import { ConfigError } from './errors.js';

export { ConfigError };

function resolveRule(ref: string, rules: readonly AnyRule[]): AnyRule | undefined {
  const r = ref.trim().toLowerCase();
  return rules.find((x) => x.id.toLowerCase() === r || x.name === r);
}

function schema() {
  const z = require('zod/mini') as typeof Z;
  const severity = z.enum(['error', 'warning', 'info']);
  return z.strictObject({
    only: z.optional(z.array(z.string())),
    ignore: z.optional(z.array(z.string())),
    severity: z.optional(z.record(z.string(), severity)),
    thresholds: z.optional(z.record(z.string(), z.record(z.string(), z.number()))),
    failOn: z.optional(z.enum(['error', 'warning', 'info', 'never'])),
    kubeletVersion: z.optional(z.string()),
  });
}

type RawConfig = {
  only?: string[];
  ignore?: string[];
  severity?: Record<string, Severity>;
  thresholds?: Record<string, Record<string, number>>;
  failOn?: FailOn;
  kubeletVersion?: string;
};

function describeIssue(issue: Z.core.$ZodIssue): string {
  const i = issue as Z.core.$ZodIssue & { expected?: string; values?: unknown[]; keys?: string[] };
  switch (i.code) {
    case 'invalid_type':
      return `expected ${i.expected === 'array' ? 'a list' : i.expected === 'record' || i.expected === 'object' ? 'a mapping' : `a ${i.expected}`}`;
    case 'invalid_value':
      return `expected one of ${(i.values ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `unknown key${(i.keys ?? []).length === 1 ? '' : 's'} ${(i.keys ?? []).join(', ')} (allowed: only, ignore, severity, thresholds, failOn, kubeletVersion)`;
    default:
      return i.message;
  }
}

/** Parses and validates .cgdoctor.yaml text; rule references must name real rules and options. */
export function parseConfig(text: string, file: string, rules: readonly AnyRule[]): RawConfig {
  const yaml = require('js-yaml') as typeof JsYaml;
  const at = (path: Array<string | number>) => {
    const line = lineOfPath(text, path);
    return line !== undefined ? ` (line ${line})` : '';
  };
  let raw: unknown;
  try {
    raw = yaml.load(text, { filename: file }) ?? {};
  } catch (err) {
    const e = err as { mark?: { line?: number }; reason?: string };
    throw new ConfigError(`${file} line ${e.mark?.line !== undefined ? e.mark.line + 1 : '?'}: YAML: ${e.reason ?? 'cannot parse'}`);
  }
  const r = schema().safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const key = issue.path.join('.') || '(top level)';
    throw new ConfigError(`${file}: ${key}: ${describeIssue(issue)}${at(issue.path as Array<string | number>)}`);
  }
  const cfg = r.data as RawConfig;
  const check = (ref: string, key: Array<string | number>) => {
    if (!resolveRule(ref, rules)) throw new ConfigError(`${file}: ${key.join('.')}: unknown rule "${ref}"${at(key)}`);
  };
  cfg.only?.forEach((x, i) => check(x, ['only', i]));
  cfg.ignore?.forEach((x, i) => check(x, ['ignore', i]));
  for (const id of Object.keys(cfg.severity ?? {})) check(id, ['severity', id]);
  for (const [id, opts] of Object.entries(cfg.thresholds ?? {})) {
    check(id, ['thresholds', id]);
    const rule = resolveRule(id, rules)!;
    for (const k of Object.keys(opts)) {
      if (!rule.options?.[k]) {
        const known = Object.keys(rule.options ?? {});
        throw new ConfigError(`${file}: thresholds.${id}.${k}: ${rule.id} has ${known.length ? `the options ${known.join(', ')}` : 'no options'}${at(['thresholds', id, k])}`);
      }
    }
  }
  return cfg;
}

export interface FlagConfig {
  rule?: string[];
  ignore?: string[];
  severity?: string[];
  threshold?: string[];
  failOn?: FailOn;
  kubeletVersion?: string;
}

/** Flags over the file over the defaults; every rule reference resolved to its id. */
export function mergeConfig(file: RawConfig | undefined, flags: FlagConfig, rules: readonly AnyRule[]): RunConfig {
  const id = (ref: string, where: string) => {
    const r = resolveRule(ref, rules);
    if (!r) throw new ConfigError(`${where}: unknown rule "${ref}"`);
    return r.id;
  };
  const list = (xs: string[] | undefined) => (xs ?? []).flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean);
  const severity: Record<string, Severity> = {};
  for (const [k, v] of Object.entries(file?.severity ?? {})) severity[id(k, 'severity')] = v;
  for (const s of list(flags.severity)) {
    const m = /^([^=]+)=(error|warning|info)$/.exec(s);
    if (!m) throw new ConfigError(`--severity ${s}: expected RULE=error|warning|info`);
    severity[id(m[1]!, '--severity')] = m[2] as Severity;
  }
  const options: Record<string, Record<string, number>> = {};
  for (const [k, v] of Object.entries(file?.thresholds ?? {})) options[id(k, 'thresholds')] = { ...v };
  for (const s of list(flags.threshold)) {
    const m = /^([^.=]+)\.([A-Za-z]+)=(\d+(?:\.\d+)?)$/.exec(s);
    if (!m) throw new ConfigError(`--threshold ${s}: expected RULE.option=number (e.g. CG020.warnAt=30000)`);
    const rule = resolveRule(m[1]!, rules);
    if (!rule) throw new ConfigError(`--threshold ${s}: unknown rule "${m[1]}"`);
    if (!rule.options?.[m[2]!]) throw new ConfigError(`--threshold ${s}: ${rule.id} has ${Object.keys(rule.options ?? {}).join(', ') || 'no options'}`);
    options[rule.id] = { ...options[rule.id], [m[2]!]: Number(m[3]) };
  }
  const onlyRefs = list(flags.rule).length > 0 ? list(flags.rule) : file?.only;
  const kubeletVersion = flags.kubeletVersion ?? file?.kubeletVersion;
  const failOn = flags.failOn ?? file?.failOn;
  return {
    ...(onlyRefs ? { only: onlyRefs.map((r) => id(r, list(flags.rule).length > 0 ? '--rule' : 'only')) } : {}),
    ignore: [...(file?.ignore ?? []).map((r) => id(r, 'ignore')), ...list(flags.ignore).map((r) => id(r, '--ignore'))],
    engine: { severity, options },
    ...(failOn ? { failOn } : {}),
    ...(kubeletVersion ? { kubeletVersion } : {}),
  };
}

/** The rules a run evaluates: --rule / only narrows, --ignore / ignore removes. */
export function selectRules(rules: readonly AnyRule[], c: RunConfig): AnyRule[] {
  return rules.filter((r) => (!c.only || c.only.includes(r.id)) && !c.ignore.includes(r.id));
}
