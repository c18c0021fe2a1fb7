import type { ScanResult } from '../src/scan.js';
import type { Severity } from '../src/rules/define.js';

/**
 * One piece of evidence a finding must cite: the file, and what its cited line says (`match`: a
 * substring or a pattern of the excerpt the report shows). `line` pins the line number too, for
 * real captures whose files never change; generated trees match by content only, so editing a
 * file above the cited line does not break its expectation.
 */
interface EvidenceMatch {
  path: string;
  match?: RegExp | string;
  line?: number | null;
}

export interface ExpectedFinding {
  rule: string;
  severity: Severity;
  subject: string;
  /** Omitted: the evidence is not checked. Given: exactly these, in the report's order. */
  evidence?: EvidenceMatch[];
}

export interface ExpectedScan {
  layout: string;
  findings: ExpectedFinding[];
  skipped: string[];
}

const key = (f: { rule: string; subject: string }) => `${f.rule} ${f.subject}`;
const byKey = (a: { rule: string; subject: string }, b: { rule: string; subject: string }) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

function matches(m: EvidenceMatch, e: { path: string; line: number | null; excerpt: string }): boolean {
  if (m.path !== e.path) return false;
  if (m.line !== undefined && m.line !== e.line) return false;
  if (m.match === undefined) return true;
  return typeof m.match === 'string' ? e.excerpt.includes(m.match) : m.match.test(e.excerpt);
}

/**
 * The scan and the expectation in one shape, for one `toEqual`: findings in rule and subject
 * order (so expectations need not be written in report order), and each piece of evidence that
 * satisfies its expectation shown as that expectation. What does not is shown as the report has
 * it, so the diff puts the cited line next to what was expected of it.
 */
export function compareScan(r: ScanResult, want: ExpectedScan) {
  const expected = [...want.findings].sort(byKey);
  const pending = new Map<string, ExpectedFinding[]>();
  for (const f of expected) pending.set(key(f), [...(pending.get(key(f)) ?? []), f]);
  const findings = [...r.findings].sort(byKey).map((f) => {
    const e = pending.get(key(f))?.shift();
    const base = { rule: f.rule, severity: f.severity, subject: f.subject };
    if (e?.evidence === undefined) return base;
    return {
      ...base,
      evidence: f.evidence.map((ev, i) => {
        const m = e.evidence![i];
        return m && matches(m, ev) ? m : { path: ev.path, line: ev.line, excerpt: ev.excerpt };
      }),
    };
  });
  return {
    got: { layout: r.layout, findings, skipped: r.skipped.map((s) => s.rule).sort() },
    want: { layout: want.layout, findings: expected, skipped: [...new Set(want.skipped)].sort() },
  };
}
