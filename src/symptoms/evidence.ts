import type { Evaluation, Finding } from '../engine.js';
import { sortFindings } from '../engine.js';
import type { AnyRule } from '../rules/define.js';
import type { LogHit, LogMatches } from './logs.js';

const SAMPLES_PER_FINDING = 3;

function logEvidence(hits: LogHit[]): Finding['evidence'] {
  return hits
    .flatMap((h) => h.samples.slice(0, 1).map((s) => ({ path: s.path, line: s.line, excerpt: `${h.count > 1 ? `(×${h.count}) ` : ''}${s.excerpt}` })))
    .slice(0, SAMPLES_PER_FINDING);
}

/**
 * Log lines become evidence: added to a rule's findings when the tree shows the cause, or a
 * `symptom-only` note when it does not (the log shows the failure, the files do not explain it).
 */
export function addLogEvidence(ev: Evaluation, rules: readonly AnyRule[], logs: LogMatches): void {
  // A line the text cannot pin to one rule goes to the candidate whose cause the tree shows.
  const found = new Set(ev.findings.map((f) => f.rule));
  const byRule = new Map<string, LogHit[]>();
  for (const [id, hits] of logs.byRule) {
    for (const h of hits) {
      const to = found.has(id) ? id : (h.rules.find((r) => found.has(r)) ?? id);
      byRule.set(to, [...(byRule.get(to) ?? []), h]);
    }
  }
  for (const rule of rules) {
    const hits = byRule.get(rule.id)?.sort((a, b) => b.count - a.count);
    if (!hits || hits.length === 0) continue;
    const evidence = logEvidence(hits);
    const findings = ev.findings.filter((f) => f.rule === rule.id);
    if (findings.length > 0) {
      for (const f of findings) f.evidence.push(...evidence);
      continue;
    }
    const lines = hits.reduce((n, h) => n + h.count, 0);
    const skipped = ev.skipped.find((s) => s.rule === rule.id);
    const why = skipped
      ? `cgdoctor could not check the cause: ${skipped.reason}`
      : 'the scanned tree does not show the cause (it may have been fixed since, or lie outside what was scanned)';
    ev.findings.push({
      rule: rule.id,
      name: rule.name,
      severity: 'warning',
      subject: 'symptom-only',
      message: `the log shows ${rule.id}'s symptom (${lines} line${lines === 1 ? '' : 's'}) but ${why}. ${rule.docs.title}.`,
      evidence,
      remediation: rule.docs.fix,
    });
  }
  sortFindings(ev.findings);
}
