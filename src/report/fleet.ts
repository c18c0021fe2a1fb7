import type { FleetReport } from '../fleet/merge.js';

/**
 * `cgdoctor report` as text and as Markdown: the cluster at a glance (nodes by worst severity),
 * the rules by how many nodes they fired on with the subjects, the nodes grouped by the same
 * findings, what could not be checked where, and what could not be read. Node lists are cut to a
 * few names and a count; the JSON and the page have them all. The report is terminal-safe
 * already (safeCopy) when it gets here.
 */

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "a, b, c and 12 more": a list a person can read in one line. */
export function someOf(names: readonly string[], max: number): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

const findingSet = (g: FleetReport['groups'][number]) => (g.findings.length === 0 ? 'no finding' : g.findings.map((f) => `${f.rule} ${f.subject}`).join(', '));

export function headline(r: FleetReport): string {
  const s = r.summary;
  return `${plural(r.nodes, 'node')}: ${s.error} with errors, ${s.warning} with warnings at worst, ${s.info} with info only, ${s.healthy} with no finding${s.failed > 0 ? `; ${plural(s.failed, 'input')} could not be read` : ''}`;
}

export function renderFleetTable(r: FleetReport): string {
  const out = [`cgdoctor report ${r.tool.version}`, `  ${headline(r)}`, ''];
  if (r.rules.length > 0) {
    out.push('Rules by node count', '');
    const w = Math.max(...r.rules.map((x) => x.name.length));
    for (const x of r.rules) {
      out.push(`  ${x.rule}  ${x.name.padEnd(w)}  ${x.severity.padEnd(7)}  ${String(x.nodes.length).padStart(6)} of ${r.nodes}`);
      for (const s of x.subjects.slice(0, 5)) out.push(`         ${s.subject}: ${plural(s.nodes.length, 'node')} (${someOf(s.nodes, 4)})`);
      if (x.subjects.length > 5) out.push(`         and ${plural(x.subjects.length - 5, 'other subject')}`);
    }
    out.push('');
  }
  if (r.groups.length > 0) {
    out.push('Nodes by finding set', '');
    for (const g of r.groups.slice(0, 20)) out.push(`  ${plural(g.nodes.length, 'node').padStart(11)}  ${findingSet(g)}`, `               ${someOf(g.nodes, 6)}`);
    if (r.groups.length > 20) out.push(`  and ${plural(r.groups.length - 20, 'other set')} (--format json has them all)`);
    out.push('');
  }
  if (r.coverage.length > 0) {
    out.push('Could not check (not the same as passing)', '');
    for (const c of r.coverage) {
      const top = c.reasons[0]!;
      const rest = c.skippedOn - top.nodes.length;
      out.push(`  ${c.rule}  on ${c.skippedOn} of ${r.nodes} nodes: ${top.reason}${rest > 0 ? ` (${top.nodes.length}; ${rest} for other reasons)` : ''}`);
    }
    out.push('');
  }
  if (r.failed.length > 0) {
    out.push(`Could not read (${r.failed.length})`, '');
    for (const f of r.failed) out.push(`  ${f.file}: ${f.reason}`);
    out.push('');
  }
  for (const w of r.warnings) out.push(`warning: ${w}`);
  return `${out.join('\n').trimEnd()}\n`;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;

export function renderFleetMarkdown(r: FleetReport): string {
  const out = [`## cgdoctor report: ${plural(r.nodes, 'node')}`, '', headline(r), ''];
  if (r.rules.length > 0) {
    out.push('### Rules by node count', '', '| rule | name | severity | nodes | subjects |', '|---|---|---|---|---|');
    for (const x of r.rules) {
      out.push(`| ${x.rule} | ${x.name} | ${x.severity} | ${x.nodes.length} | ${cell(x.subjects.map((s) => `${code(s.subject)} on ${s.nodes.length}`).join(', '))} |`);
    }
    out.push('');
  }
  if (r.groups.length > 0) {
    out.push('### Nodes by finding set', '', '| nodes | findings | which |', '|---|---|---|');
    for (const g of r.groups) out.push(`| ${g.nodes.length} | ${cell(findingSet(g))} | ${cell(someOf(g.nodes, 20))} |`);
    out.push('');
  }
  if (r.coverage.length > 0) {
    out.push('### Could not check', '', '| rule | skipped on | most common reason |', '|---|---|---|');
    for (const c of r.coverage) out.push(`| ${c.rule} | ${c.skippedOn} of ${r.nodes} | ${cell(c.reasons[0]!.reason)} |`);
    out.push('');
  }
  if (r.failed.length > 0) {
    out.push(`### Could not read (${r.failed.length})`, '');
    for (const f of r.failed) out.push(`- ${code(f.file)}: ${cell(f.reason)}`);
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
