import type { FactName } from './collect/facts.js';
import { UnknownValue } from './collect/facts.js';
import type { FactStore } from './collect/index.js';
import type { AnyRule, CheckResult, Evidence, Severity } from './rules/define.js';
import { SEVERITIES } from './rules/define.js';
import { rethrowMissing } from './libs.js';

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

function optionsFor(rule: AnyRule, config: EngineConfig): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, o] of Object.entries(rule.options ?? {})) out[k] = config.options?.[rule.id]?.[k] ?? o.default;
  return out;
}

/** The first reason a fact is incomplete, and how many more there are. */
function incompleteReason(reasons: string[]): string {
  return reasons.length > 1 ? `${reasons[0]} (and ${reasons.length - 1} more)` : reasons[0]!;
}

/**
 * Runs each rule on the facts it declares. A missing fact, an incomplete one the rule does not
 * tolerate, a value nobody could read, or a failing rule never stops the scan: the rule is
 * skipped with the reason.
 */
export function evaluate(rules: readonly AnyRule[], store: FactStore, config: EngineConfig = {}): Evaluation {
  const findings: Finding[] = [];
  const skipped: Skipped[] = [];
  const seeAlso: Array<{ finding: Finding; rule: string; text: string }> = [];
  let rulesRun = 0;
  for (const rule of rules) {
    const facts: Record<string, unknown> = {};
    const tolerated = new Set<FactName>((rule.tolerates ?? []) as FactName[]);
    const incomplete = new Set<FactName>();
    // Whether a fact may be given to this rule, or why not.
    const usable = (name: FactName): { ok: true; value: unknown } | { ok: false; why: string } => {
      const f = store.get(name);
      const gaps = store.incomplete.get(name);
      // A fact missing because its files could not be read is missing for that reason, not "not found".
      if (!f.ok) return { ok: false, why: gaps && gaps.length > 0 ? incompleteReason(gaps) : f.missing };
      if (gaps && gaps.length > 0) {
        if (!tolerated.has(name)) return { ok: false, why: incompleteReason(gaps) };
        incomplete.add(name);
      }
      return { ok: true, value: f.value };
    };
    let reason: string | undefined;
    for (const need of rule.needs as FactName[]) {
      const u = usable(need);
      if (!u.ok) {
        reason = u.why;
        break;
      }
      facts[need] = u.value;
    }
    const missing: Partial<Record<FactName, string>> = {};
    if (reason === undefined) {
      for (const want of (rule.wants ?? []) as FactName[]) {
        const u = usable(want);
        if (u.ok) facts[want] = u.value;
        else missing[want] = u.why;
      }
    }
    if (reason !== undefined) {
      skipped.push({ rule: rule.id, reason });
      continue;
    }
    let result: CheckResult;
    try {
      result = rule.check(facts, { options: optionsFor(rule, config), missing, incomplete });
    } catch (err) {
      rethrowMissing(err);
      if (err instanceof UnknownValue) {
        skipped.push({ rule: rule.id, reason: err.message });
        continue;
      }
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
      const finding: Finding = {
        rule: rule.id,
        name: rule.name,
        // A user's override applies to every finding of the rule; otherwise the rule decides.
        severity: config.severity?.[rule.id] ?? f.severity ?? rule.severity,
        subject: f.subject,
        message: f.message,
        evidence: f.evidence.map(normEvidence),
        remediation: f.remediation ?? rule.docs.fix,
      };
      findings.push(finding);
      for (const s of f.seeAlso ?? []) seeAlso.push({ finding, ...s });
    }
  }
  // A fix points at another rule only when that rule found something here.
  const fired = new Set(findings.map((f) => f.rule));
  for (const s of seeAlso) if (fired.has(s.rule)) s.finding.remediation = `${s.finding.remediation} ${s.text}`;
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
