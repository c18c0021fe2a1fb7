import * as fs from 'node:fs';
import Table from 'cli-table3';
import { scanWithStats } from '../scan.js';
import { diffNodes, type NodeDiff } from '../diff.js';
import { DirHost } from '../host/dir-host.js';
import { nothingChecked, openHost } from './root.js';
import { checkOutput, terminalWidth, writeOutput, type OutputGuard } from './output.js';
import { CliError } from './errors.js';
import { safeCopy, safeJson } from '../report/safe-text.js';

export interface DiffOptions {
  format: 'table' | 'json';
  output?: string;
  color?: boolean;
}

/** A directory is a root; a file is a capture. */
function kind(arg: string): 'root' | 'capture' {
  try {
    return fs.statSync(arg).isDirectory() ? 'root' : 'capture';
  } catch {
    throw new CliError(`${arg}: no such directory or capture`);
  }
}

async function side(arg: string) {
  const { host, live } = await openHost(kind(arg) === 'root' ? { root: arg } : { capture: arg });
  const { result, store } = scanWithStats(host, { context: { live } });
  // A side where nothing could be checked would "differ" in every fact: that is no comparison.
  const nothing = nothingChecked(result);
  if (nothing) throw new CliError(nothing);
  return { result, store, host };
}

function renderDiff(d: NodeDiff, width: number): string {
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

/** `cgdoctor diff A B`: exit 0 when the two nodes agree, 1 when they differ. */
export async function runDiff(a: string, b: string, o: DiffOptions): Promise<number> {
  const guard: OutputGuard = { roots: [a, b].filter((x) => kind(x) === 'root'), inputs: [a, b].filter((x) => kind(x) === 'capture') };
  if (o.output !== undefined) checkOutput(o.output, guard);
  const sa = await side(a);
  const sb = await side(b);
  const d = diffNodes(sa, sb);
  const read = [sa.host, sb.host].flatMap((h) => (h instanceof DirHost ? [h.readPaths] : []));
  await writeOutput(o.format === 'json' ? safeJson(d) : renderDiff(safeCopy(d), terminalWidth(o.output !== undefined)), o.output, {
    ...guard,
    read: (p) => read.some((s) => s.has(p)),
  });
  return d.onlyA.length + d.onlyB.length + d.facts.length > 0 ? 1 : 0;
}
