import type * as Z from 'zod/mini';
import type { AnyRule, RuleOption, Severity } from './rules/define.js';
import type { EngineConfig } from './engine.js';
import type { FailOn } from './scan.js';
import { lineOfPath } from './collect/parse/yaml-lines.js';

/** What .cgdoctor.yaml and the flags decide, after validation. */
export interface RunConfig {
  only?: string[];
  ignore: string[];
  engine: EngineConfig;
  failOn?: FailOn;
  kubeletVersion?: string;
}

import { ConfigError } from './errors.js';
import { lib } from './libs.js';

export { ConfigError };

/** 1.29, 1.29.3, v1.29.3, 1.30.0-rc.0, 1.29.3+k3s1: what --kubelet-version and kubeletVersion take. */
const KUBE_VERSION = /^v?1\.\d{1,2}(?:\.\d{1,3})?(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
const VERSION_EXPECTED = 'expected a Kubernetes version such as 1.29 or v1.29.3';

/** Why a threshold value does not suit its option, or undefined when it does. */
export function optionProblem(key: string, o: RuleOption, v: number): string | undefined {
  if (!Number.isFinite(v)) return `${key} must be a number`;
  if (o.integer && !Number.isInteger(v)) return `${key} must be a whole number`;
  if (o.min !== undefined && v < o.min) return `${key} must be at least ${o.min}`;
  if (o.max !== undefined && v > o.max) return `${key} must be at most ${o.max}`;
  return undefined;
}

/** Pairs that break a `notAbove` ordering, given every option's value for one rule. */
function orderProblems(rule: AnyRule, values: Record<string, number>): Array<{ low: string; high: string }> {
  return Object.entries(rule.options ?? {})
    .filter(([k, o]) => o.notAbove !== undefined && values[k]! > values[o.notAbove]!)
    .map(([k, o]) => ({ low: k, high: o.notAbove! }));
}

const effective = (rule: AnyRule, set: Record<string, number> | undefined) => Object.fromEntries(Object.entries(rule.options ?? {}).map(([k, o]) => [k, set?.[k] ?? o.default]));

function resolveRule(ref: string, rules: readonly AnyRule[]): AnyRule | undefined {
  const r = ref.trim().toLowerCase();
  return rules.find((x) => x.id.toLowerCase() === r || x.name === r);
}

function schema() {
  const z = lib('zod/mini');
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
  const yaml = lib('js-yaml');
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
    // YAML reads `kubeletVersion: 1.30` as the number 1.3: say how to write it.
    const unquoted = key === 'kubeletVersion' && typeof (raw as { kubeletVersion?: unknown }).kubeletVersion === 'number';
    throw new ConfigError(
      `${file}: ${key}: ${unquoted ? 'quote the version (kubeletVersion: "1.30"): unquoted, YAML reads it as a number' : describeIssue(issue)}${at(issue.path as Array<string | number>)}`,
    );
  }
  const cfg = r.data as RawConfig;
  const check = (ref: string, key: Array<string | number>) => {
    if (!resolveRule(ref, rules)) throw new ConfigError(`${file}: ${key.join('.')}: unknown rule "${ref}"${at(key)}`);
  };
  for (const [i, x] of (cfg.only ?? []).entries()) check(x, ['only', i]);
  for (const [i, x] of (cfg.ignore ?? []).entries()) check(x, ['ignore', i]);
  for (const id of Object.keys(cfg.severity ?? {})) check(id, ['severity', id]);
  for (const [id, opts] of Object.entries(cfg.thresholds ?? {})) {
    check(id, ['thresholds', id]);
    const rule = resolveRule(id, rules)!;
    for (const [k, v] of Object.entries(opts)) {
      const o = rule.options?.[k];
      if (!o) {
        const known = Object.keys(rule.options ?? {});
        throw new ConfigError(`${file}: thresholds.${id}.${k}: ${rule.id} has ${known.length ? `the options ${known.join(', ')}` : 'no options'}${at(['thresholds', id, k])}`);
      }
      const problem = optionProblem(k, o, v);
      if (problem) throw new ConfigError(`${file}: thresholds.${id}.${k}: ${problem} (got ${v})${at(['thresholds', id, k])}`);
    }
    // The file against the defaults here, where lines are known; with the flags in mergeConfig.
    const values = effective(rule, opts);
    for (const { low, high } of orderProblems(rule, values)) {
      const [k, other, rel] = low in opts ? [low, high, 'above'] : [high, low, 'below'];
      throw new ConfigError(`${file}: thresholds.${id}.${k}: ${k} must not be ${rel} ${other} (${values[other]})${at(['thresholds', id, k])}`);
    }
  }
  if (cfg.kubeletVersion !== undefined && !KUBE_VERSION.test(cfg.kubeletVersion)) {
    throw new ConfigError(`${file}: kubeletVersion: ${cfg.kubeletVersion}: ${VERSION_EXPECTED}${at(['kubeletVersion'])}`);
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
  const list = (xs: string[] | undefined) =>
    (xs ?? [])
      .flatMap((x) => x.split(','))
      .map((x) => x.trim())
      .filter(Boolean);
  const severity: Record<string, Severity> = {};
  for (const [k, v] of Object.entries(file?.severity ?? {})) severity[id(k, 'severity')] = v;
  for (const s of list(flags.severity)) {
    const m = /^([^=]+)=(error|warning|info)$/.exec(s);
    if (!m) throw new ConfigError(`--severity ${s}: expected RULE=error|warning|info`);
    severity[id(m[1]!, '--severity')] = m[2] as Severity;
  }
  const options: Record<string, Record<string, number>> = {};
  for (const [k, v] of Object.entries(file?.thresholds ?? {})) options[id(k, 'thresholds')] = { ...v };
  /** rule id -> option -> the --threshold argument that set it, to name in an error. */
  const byFlag = new Map<string, Map<string, string>>();
  for (const s of list(flags.threshold)) {
    const m = /^([^.=]+)\.([A-Za-z]+)=(-?\d+(?:\.\d+)?)$/.exec(s);
    if (!m) throw new ConfigError(`--threshold ${s}: expected RULE.option=number (e.g. CG020.warnAt=30000)`);
    const rule = resolveRule(m[1]!, rules);
    if (!rule) throw new ConfigError(`--threshold ${s}: unknown rule "${m[1]}"`);
    const o = rule.options?.[m[2]!];
    if (!o) throw new ConfigError(`--threshold ${s}: ${rule.id} has ${Object.keys(rule.options ?? {}).join(', ') || 'no options'}`);
    const problem = optionProblem(m[2]!, o, Number(m[3]));
    if (problem) throw new ConfigError(`--threshold ${s}: ${problem}`);
    options[rule.id] = { ...options[rule.id], [m[2]!]: Number(m[3]) };
    byFlag.set(rule.id, (byFlag.get(rule.id) ?? new Map()).set(m[2]!, s));
  }
  for (const [ruleId, set] of Object.entries(options)) {
    const rule = rules.find((r) => r.id === ruleId)!;
    const values = effective(rule, set);
    for (const { low, high } of orderProblems(rule, values)) {
      const flagged = byFlag.get(ruleId);
      const [k, other, rel] = flagged?.has(low) || !flagged?.has(high) ? [low, high, 'above'] : [high, low, 'below'];
      const where = flagged?.get(k) !== undefined ? `--threshold ${flagged.get(k)}` : `thresholds.${ruleId}.${k}`;
      throw new ConfigError(`${where}: ${k} must not be ${rel} ${other} (${values[other]})`);
    }
  }
  if (flags.kubeletVersion !== undefined && !KUBE_VERSION.test(flags.kubeletVersion)) {
    throw new ConfigError(`--kubelet-version ${flags.kubeletVersion}: ${VERSION_EXPECTED}`);
  }
  if (file?.kubeletVersion !== undefined && !KUBE_VERSION.test(file.kubeletVersion)) throw new ConfigError(`kubeletVersion: ${file.kubeletVersion}: ${VERSION_EXPECTED}`);
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
