import type { ScanResult } from '../scan.js';
import type { Severity } from '../rules/define.js';
import { SEVERITIES } from '../rules/define.js';
import { headerRows } from './header.js';
import { planHeading, stepRefs } from '../migration.js';

const ICON: Record<Severity, string> = { error: '🔴', warning: '🟠', info: '🔵' };
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;

/** A report to paste into an incident ticket or a pull-request comment. */
export function renderMarkdown(r: ScanResult): string {
  const s = r.summary;
  const out = [
    `## cgdoctor: ${s.error} error${s.error === 1 ? '' : 's'}, ${s.warning} warning${s.warning === 1 ? '' : 's'}, ${s.info} info`,
    '',
    `Node ${code(r.node)}, root ${code(r.root)}, layout **${r.layout}**, cgdoctor ${r.tool.version}; ${s.rulesRun} rules run, ${s.rulesSkipped} skipped.`,
    '',
    ...headerRows(r).map((h) => `- ${h.label ? `**${h.label}:** ` : ''}${h.text}`),
  ];
  // Input problems first: a finding is read knowing what could not be read.
  if (r.warnings.length > 0) {
    out.push(
      '',
      `<details><summary>${r.warnings.length} input problem${r.warnings.length === 1 ? '' : 's'}</summary>`,
      '',
      '```',
      ...r.warnings.slice(0, 50),
      '```',
      '',
      '</details>',
    );
  }
  if (r.findings.length > 0) {
    out.push('', '| | rule | subject | finding |', '|---|---|---|---|');
    for (const f of r.findings) out.push(`| ${ICON[f.severity]} ${f.severity} | ${f.rule} ${f.name} | ${code(f.subject)} | ${cell(f.message)} |`);
    for (const sev of SEVERITIES) {
      for (const f of r.findings.filter((x) => x.severity === sev)) {
        out.push('', `### ${ICON[f.severity]} ${f.rule} ${f.name}: ${code(f.subject)}`, '', f.message, '');
        if (f.evidence.length > 0) {
          out.push('<details><summary>Evidence</summary>', '', '```');
          for (const e of f.evidence) out.push(`${e.path}${e.line !== null ? `:${e.line}` : ''}  ${e.excerpt === '' ? '(empty)' : e.excerpt}`);
          out.push('```', '', '</details>', '');
        }
        out.push(`**Fix:** ${f.remediation}`);
      }
    }
  } else {
    out.push('', 'No findings.');
  }
  if (r.migration) {
    out.push('', `### ${planHeading(r.migration)}`, '');
    for (const st of r.migration.steps) {
      const refs = stepRefs(st).map((r, i) => (i === 0 && st.rule ? r : code(r)));
      out.push(`- [${st.done ? 'x' : ' '}] ${st.blocks && !st.done ? '**blocks:** ' : ''}${st.action.replace(/\n/g, ' ')}${refs.length > 0 ? ` (${refs.join('; ')})` : ''}`);
    }
  }
  if (r.skipped.length > 0) {
    out.push('', `<details><summary>${r.skipped.length} rule${r.skipped.length === 1 ? '' : 's'} could not check</summary>`, '', '| rule | why |', '|---|---|');
    for (const k of r.skipped) out.push(`| ${k.rule} | ${cell(k.reason)} |`);
    out.push('', '</details>');
  }
  return `${out.join('\n')}\n`;
}
