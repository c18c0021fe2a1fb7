import * as fs from 'node:fs';
import { DirHost } from '../host/dir-host.js';
import { exitCodeFor, scanWithStats, type FailOn } from '../scan.js';
import { render, type Format } from '../report/index.js';
import { CliError } from './errors.js';
import { checkRoot } from './root.js';
import { loadCapture, DEFAULT_CAPS } from '../host/tar-host.js';
import type { Host } from '../host/host.js';
import { RULES } from '../rules/index.js';
import { mergeConfig, parseConfig, selectRules } from '../config.js';
import { readLogs } from './logs-input.js';
import { terminalWidth, writeOutput } from './output.js';

export interface ScanOptions {
  root: string;
  format: Format;
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
  from?: string;
  maxFiles?: number;
  maxBytes?: number;
}

/** The tree to scan: --from a capture (read into memory), else --root. */
async function openHost(o: ScanOptions): Promise<{ host: Host; live: boolean; root?: string }> {
  if (o.from) {
    let bytes: Buffer;
    try {
      const st = fs.statSync(o.from);
      if (!st.isFile()) throw new CliError(`--from ${o.from}: not a file`);
      const caps = { maxFiles: o.maxFiles ?? DEFAULT_CAPS.maxFiles, maxBytes: o.maxBytes ?? DEFAULT_CAPS.maxBytes };
      // A gzip bomb is caught while inflating; the compressed file itself is capped here.
      if (st.size > caps.maxBytes) throw new CliError(`--from ${o.from}: ${st.size} bytes, more than --max-bytes ${caps.maxBytes}; refused`);
      bytes = fs.readFileSync(o.from);
      return { host: await loadCapture(bytes, o.from, caps), live: false };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new CliError(`--from ${o.from}: no such file`);
      throw err;
    }
  }
  checkRoot(o.root);
  // Only the live root is the scanner's own view (CG028 asks); any other root is a tree.
  return { host: new DirHost(o.root, o.root), live: fs.realpathSync(o.root) === '/', root: o.root };
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


export async function runScan(o: ScanOptions): Promise<number> {
  const { host, live, root } = await openHost(o);
  const run = mergeConfig(loadConfigFile(o.config), { ...o, ...(o.failOn ? { failOn: o.failOn } : {}) }, RULES);
  const logs = o.logs && o.logs.length > 0 ? await readLogs(o.logs, RULES) : undefined;
  const rules = selectRules(RULES, run);
  const { result, stats } = scanWithStats(host, {
    rules,
    config: run.engine,
    context: { live, ...(run.kubeletVersion ? { kubeletVersion: run.kubeletVersion } : {}) },
    ...(logs ? { logs } : {}),
  });
  const toFile = o.output !== undefined;
  const text = await render(o.format, result, {
    rules,
    stats,
    width: terminalWidth(toFile),
    style: async () => (await import('../report/style.js')).makeStyle({ ...(o.color !== undefined ? { color: o.color } : {}), isTTY: !toFile && !!process.stdout.isTTY }),
  });
  writeOutput(text, o.output, root);
  return exitCodeFor(result, run.failOn ?? 'error');
}
