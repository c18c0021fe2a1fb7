import type { ScanResult } from '../scan.js';
import type { AnyRule } from '../rules/define.js';

/** XML 1.0 text: the five entities escaped, characters XML cannot carry dropped. */
export function xmlEscape(s: string): string {
  return s
    .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** One testsuite per scan, one testcase per rule: a failure per finding, skipped when it could not run. */
export function renderJunit(r: ScanResult, rules: readonly AnyRule[]): string {
  const ran = new Set(rules.map((x) => x.id));
  const cases = rules
    .filter((x) => ran.has(x.id))
    .map((rule) => {
      const findings = r.findings.filter((f) => f.rule === rule.id);
      const skipped = r.skipped.find((s) => s.rule === rule.id);
      const open = `    <testcase classname="cgdoctor.${xmlEscape(rule.id)}" name="${xmlEscape(`${rule.id} ${rule.name}`)}" time="0">`;
      if (skipped) return `${open}\n      <skipped message="${xmlEscape(skipped.reason)}"/>\n    </testcase>`;
      if (findings.length === 0) return `${open}</testcase>`;
      const failures = findings.map((f) => {
        const body = [f.message, ...f.evidence.map((e) => `  at ${e.path}${e.line !== null ? `:${e.line}` : ''} ${e.excerpt}`), `Fix: ${f.remediation}`].join('\n');
        return `      <failure type="${f.severity}" message="${xmlEscape(`${f.subject}: ${f.message}`)}">${xmlEscape(body)}</failure>`;
      });
      return `${open}\n${failures.join('\n')}\n    </testcase>`;
    });
  const failures = new Set(r.findings.map((f) => f.rule)).size;
  const attrs = `name="cgdoctor ${xmlEscape(r.root)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${r.skipped.length}" time="${(r.summary.durationMs / 1000).toFixed(3)}"`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ${attrs}>\n  <testsuite ${attrs}>\n${cases.join('\n')}\n  </testsuite>\n</testsuites>\n`;
}
