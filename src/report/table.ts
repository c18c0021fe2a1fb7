import Table from 'cli-table3';
import type { Style as ChalkInstance } from './style.js';
import type { Finding } from '../engine.js';
import type { ScanResult } from '../scan.js';
import type { Severity } from '../rules/define.js';
import { SEVERITIES } from '../rules/define.js';
import { wrap } from './wrap.js';
import { headerRows } from './header.js';
import { planHeading, stepLines } from '../migration.js';

export interface TableOptions {
  style: ChalkInstance;
  width: number;
}

const HEADING: Record<Severity, string> = { error: 'Errors', warning: 'Warnings', info: 'Info' };

function paint(style: ChalkInstance, s: Severity, text: string): string {
  return s === 'error' ? style.red.bold(text) : s === 'warning' ? style.yellow.bold(text) : style.cyan(text);
}

const trimLines = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n');

function renderFinding(f: Finding, o: TableOptions): string {
  const { style, width } = o;
  const lines = [`${paint(style, f.severity, f.severity.toUpperCase())} ${style.bold(f.rule)} ${f.name}  ${style.bold(f.subject)}`];
  lines.push(wrap(f.message, width, '  '));
  if (f.evidence.length > 0) {
    lines.push(style.dim('  evidence:'));
    for (const e of f.evidence) {
      const at = e.line === null ? e.path : `${e.path}:${e.line}`;
      const excerpt = e.excerpt === '' ? style.dim('(empty)') : e.excerpt;
      lines.push(`    ${style.underline(at)}  ${excerpt}`);
    }
  }
  lines.push(wrap(`${style.green('fix:')} ${f.remediation}`, width, '  '));
  return lines.join('\n');
}

/** `label    text`, the text wrapped under itself. */
function hang(label: string, text: string, width: number): string {
  const pad = 11;
  return wrap(text, width - pad)
    .split('\n')
    .map((l, i) => (i === 0 ? `  ${label.padEnd(pad - 3)} ${l}` : `${' '.repeat(pad)}${l}`))
    .join('\n');
}

function header(r: ScanResult, o: TableOptions): string[] {
  const { style, width } = o;
  return [`${style.bold('cgdoctor')} ${r.tool.version}  node ${style.bold(r.node)}  root ${style.bold(r.root)}`, ...headerRows(r).map((h) => hang(h.label, h.text, width))];
}

/**
 * The node at a glance, then what could not be read or parsed (so a finding built on missing
 * input is read with that in mind), findings grouped by severity with evidence and fix, skipped
 * rules, and a summary.
 */
export function renderTable(r: ScanResult, o: TableOptions): string {
  const { style } = o;
  const out: string[] = header(r, o);
  if (r.warnings.length > 0) {
    out.push('', style.bold(`Input problems (${r.warnings.length}):`));
    const shown = r.warnings.slice(0, 20);
    for (const w of shown) out.push(wrap(w, o.width, '  ').replace(/\n {2}/g, '\n    '));
    if (r.warnings.length > shown.length) out.push(`  … and ${r.warnings.length - shown.length} more (see --format json)`);
  }
  for (const s of SEVERITIES) {
    const group = r.findings.filter((f) => f.severity === s);
    if (group.length === 0) continue;
    out.push('', paint(style, s, `${HEADING[s]} (${group.length})`), '');
    out.push(group.map((f) => renderFinding(f, o)).join('\n\n'));
  }
  // "No findings" from rules that could not look is not a clean bill of health.
  if (r.findings.length === 0)
    out.push('', r.skipped.length === 0 ? style.green('No findings.') : `No findings from the ${r.summary.rulesRun} rules that ran; ${r.skipped.length} could not check (below).`);
  if (r.skipped.length > 0) {
    out.push('', style.bold(`Skipped: ${r.skipped.length} rule${r.skipped.length === 1 ? '' : 's'} could not check (not the same as passing)`));
    // Rules skipped for the same reason share a row: "no kubelet" once, not seven times.
    const byReason = new Map<string, string[]>();
    for (const s of r.skipped) byReason.set(s.reason, [...(byReason.get(s.reason) ?? []), s.rule]);
    const ruleCol = Math.min(24, Math.max(...[...byReason.values()].map((ids) => ids.join(' ').length)));
    const t = new Table({
      chars: {
        top: '',
        'top-mid': '',
        'top-left': '',
        'top-right': '',
        bottom: '',
        'bottom-mid': '',
        'bottom-left': '',
        'bottom-right': '',
        left: '  ',
        'left-mid': '',
        mid: '',
        'mid-mid': '',
        right: '',
        'right-mid': '',
        middle: '  ',
      },
      style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
      colWidths: [ruleCol, Math.max(20, o.width - ruleCol - 4)],
      wordWrap: true,
    });
    for (const [reason, ids] of byReason) t.push([ids.join(' '), reason]);
    out.push(trimLines(t.toString()));
  }
  if (r.migration) {
    out.push('', style.bold(planHeading(r.migration)), '');
    for (const l of stepLines(r.migration)) out.push(wrap(l, o.width, '   ').replace(/^ {3}/, ''));
  }
  const s = r.summary;
  out.push(
    '',
    `${style.bold('Summary:')} ${paint(style, 'error', `${s.error} error${s.error === 1 ? '' : 's'}`)}, ${paint(style, 'warning', `${s.warning} warning${s.warning === 1 ? '' : 's'}`)}, ${s.info} info; ${s.rulesRun} rules run, ${s.rulesSkipped} skipped; ${s.durationMs} ms`,
  );
  return `${out.join('\n')}\n`;
}
