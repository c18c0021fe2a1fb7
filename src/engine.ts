import type { FactName } from './collect/facts.js';
import type { FactStore } from './collect/index.js';
import type { AnyRule, Evidence, Severity } from './rules/define.js';
import { SEVERITIES } from './rules/define.js';

export interface Finding {
  rule: string;
  name: string;
  severity: Severity;
  subject: string;
  message: string;
  evidence: Array<{ path: string; line: number | null; excerpt: string }>;
  remediation: string;
}

export interface Skipped {
  rule: string;
  reason: string;
}

export interface Evaluation {
  findings: Finding[];
  skipped: Skipped[];
  rulesRun: number;
}

function normEvidence(e: Evidence) {
  return { path: e.path, line: e.line ?? null, excerpt: e.excerpt ?? '' };
}

/** Per-rule settings from the configuration file and flags. */
export interface EngineConfig {
  severity?: Record<string, Severity>;
  options?: Record<string, Record<string, number>>;
}

export function optionsFor(rule: AnyRule, config: EngineConfig): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, o] of Object.entries(rule.options ?? {})) out[k] = config.options?.[rule.id]?.[k] ?? o.default;
  return out;
}

/** Runs each rule on the facts it declares. A missing fact or a failing rule never stops the scan. */
export function evaluate(rules: readonly AnyRule[], store: FactStore, config: EngineConfig = {}): Evaluation {
  const findings: Finding[] = [];
  const skipped: Skipped[] = [];
  let rulesRun = 0;
  for (const rule of rules) {
    const facts: Record<string, unknown> = {};
    let reason: string | undefined;
    for (const need of rule.needs as FactName[]) {
      const f = store.get(need);
      if (!f.ok) {
        reason = f.missing;
        break;
      }
      facts[need] = f.value;
    }
    const missing: Partial<Record<FactName, string>> = {};
    if (reason === undefined) {
      for (const want of (rule.wants ?? []) as FactName[]) {
        const f = store.get(want);
        if (f.ok) facts[want] = f.value;
        else missing[want] = f.missing;
      }
    }
    if (reason !== undefined) {
      skipped.push({ rule: rule.id, reason });
      continue;
    }
    let result;
    try {
      result = rule.check(facts, { options: optionsFor(rule, config), missing, partial: new Set(store.partials.keys()) });
    } catch (err) {
      // A bug in one rule must not hide what the others found; say plainly that it did not run.
      store.warn({ path: `rule ${rule.id}`, message: `internal error: ${(err as Error).message}` });
      skipped.push({ rule: rule.id, reason: `internal error in the rule: ${(err as Error).message}` });
      continue;
    }
    if (!Array.isArray(result)) {
      skipped.push({ rule: rule.id, reason: result.skip });
      continue;
    }
    rulesRun++;
    for (const f of result) {
      findings.push({
        rule: rule.id,
        name: rule.name,
        // A user's override applies to every finding of the rule; otherwise the rule decides.
        severity: config.severity?.[rule.id] ?? f.severity ?? rule.severity,
        subject: f.subject,
        message: f.message,
        evidence: f.evidence.map(normEvidence),
        remediation: f.remediation ?? rule.docs.fix,
      });
    }
  }
  sortFindings(findings);
  return { findings, skipped, rulesRun };
}

/** Report order: severity, then rule id, then subject. */
export function sortFindings(findings: Finding[]): void {
  findings.sort(
    (a, b) =>
      SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
      (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) ||
      (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0),
  );
}
