import Table from 'cli-table3';
import type { NodeDiff } from '../diff.js';

/** Two nodes side by side: findings on one side only, then the facts that differ, as a table. */
export function renderDiff(d: NodeDiff, width: number): string {
  const out = [`A ${d.a.root} (${d.a.layout})`, `B ${d.b.root} (${d.b.layout})`];
  const findings = (title: string, fs: NodeDiff['onlyA']) => {
    out.push('', `${title} (${fs.length})`);
    for (const f of fs) out.push(`  ${f.severity.toUpperCase()} ${f.rule} ${f.name}  ${f.subject}`, `    ${f.message}`);
  };
  findings('Findings only in A', d.onlyA);
  findings('Findings only in B', d.onlyB);
  out.push('', `Findings in both: ${d.both.length}`);
  out.push('', `Facts that differ (${d.facts.length})`);
  if (d.facts.length > 0) {
    const col = Math.max(20, Math.floor((width - 36) / 2));
    const t = new Table({ head: ['fact', 'A', 'B'], style: { head: [], border: [] }, colWidths: [32, col, col], wordWrap: true });
    for (const f of d.facts) t.push([f.fact, f.a, f.b]);
    out.push(t.toString());
  }
  return `${out.join('\n')}\n`;
}
