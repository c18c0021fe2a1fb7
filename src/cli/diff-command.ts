import * as fs from 'node:fs';
import { nothingChecked, scanWithStats } from '../scan.js';
import { diffNodes } from '../diff.js';
import { renderDiff } from '../report/diff.js';
import { DirHost } from '../host/dir-host.js';
import { openHost } from './root.js';
import { checkOutput, terminalWidth, writeOutput, type OutputGuard } from './output.js';
import { CliError, EXIT } from './errors.js';
import { safeCopy, safeJson } from '../report/safe-text.js';
import { loadLibs, SCAN_LIBS } from '../libs.js';

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

/** `cgdoctor diff A B`: exit 0 when the two nodes agree, 1 when they differ. */
export async function runDiff(a: string, b: string, o: DiffOptions): Promise<number> {
  const guard: OutputGuard = { roots: [a, b].filter((x) => kind(x) === 'root'), inputs: [a, b].filter((x) => kind(x) === 'capture') };
  if (o.output !== undefined) checkOutput(o.output, guard);
  await loadLibs(SCAN_LIBS);
  const sa = await side(a);
  const sb = await side(b);
  const d = diffNodes(sa, sb);
  const read = [sa.host, sb.host].flatMap((h) => (h instanceof DirHost ? [h.readPaths] : []));
  await writeOutput(o.format === 'json' ? safeJson(d) : renderDiff(safeCopy(d), terminalWidth(o.output !== undefined)), o.output, {
    ...guard,
    read: (p) => read.some((s) => s.has(p)),
  });
  return d.onlyA.length + d.onlyB.length + d.facts.length > 0 ? EXIT.findings : EXIT.ok;
}
