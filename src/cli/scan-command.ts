import * as fs from 'node:fs';
import { DirHost } from '../host/dir-host.js';
import { exitCodeFor, scan, type FailOn } from '../scan.js';
import { renderJson } from '../report/json.js';
import { CliError } from './errors.js';
import { RULES } from '../rules/index.js';
import { mergeConfig, parseConfig, selectRules } from '../config.js';
import { readLogs } from './logs-input.js';
import { terminalWidth, writeOutput } from './output.js';

export interface ScanOptions {
  root: string;
  format: 'table' | 'json';
  failOn?: FailOn;
  output?: string;
  color?: boolean;
  config?: string;
  rule?: string[];
  ignore?: string[];
  severity?: string[];
  threshold?: string[];
  kubeletVersion?: string;
  logs?: string[];
}

/** .cgdoctor.yaml from --config, else from the working directory when there is one. */
function loadConfigFile(explicit: string | undefined) {
  const file = explicit ?? ['.cgdoctor.yaml', '.cgdoctor.yml'].find((f) => fs.existsSync(f));
  if (!file) return undefined;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(`--config ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  return parseConfig(text, file, RULES);
}

function checkRoot(root: string): void {
  let st: fs.Stats;
  try {
    st = fs.statSync(root);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(`--root ${root}: ${code === 'ENOENT' ? 'no such directory' : code === 'EACCES' ? 'permission denied' : code}`);
  }
  if (!st.isDirectory()) throw new CliError(`--root ${root}: not a directory (to scan a capture, use --from)`);
}

export async function runScan(o: ScanOptions): Promise<number> {
  checkRoot(o.root);
  const run = mergeConfig(loadConfigFile(o.config), { ...o, ...(o.failOn ? { failOn: o.failOn } : {}) }, RULES);
  const logs = o.logs && o.logs.length > 0 ? await readLogs(o.logs, RULES) : undefined;
  // Only the live root is the scanner's own view (CG028 asks); any other root is a tree.
  const result = scan(new DirHost(o.root, o.root), {
    rules: selectRules(RULES, run),
    config: run.engine,
    context: { live: fs.realpathSync(o.root) === '/', ...(run.kubeletVersion ? { kubeletVersion: run.kubeletVersion } : {}) },
    ...(logs ? { logs } : {}),
  });
  const toFile = o.output !== undefined;
  let text: string;
  if (o.format === 'json') text = renderJson(result);
  else {
    // chalk and cli-table3 are for people; a JSON run for a DaemonSet does not load them.
    const [{ renderTable }, { makeStyle }] = await Promise.all([import('../report/table.js'), import('../report/style.js')]);
    text = renderTable(result, { style: makeStyle({ ...(o.color !== undefined ? { color: o.color } : {}), isTTY: !toFile && !!process.stdout.isTTY }), width: terminalWidth(toFile) });
  }
  writeOutput(text, o.output, o.root);
  return exitCodeFor(result, run.failOn ?? 'error');
}
