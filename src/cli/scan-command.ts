import * as fs from 'node:fs';
import { exitCodeFor, scanWithStats, type FailOn } from '../scan.js';
import { render, type Format } from '../report/index.js';
import { safeText } from '../report/safe-text.js';
import { DirHost } from '../host/dir-host.js';
import { CliError, EXIT } from './errors.js';
import { nothingChecked, openHost } from './root.js';
import { progress } from './progress.js';
import { RULES } from '../rules/index.js';
import { mergeConfig, parseConfig, selectRules } from '../config.js';
import { readLogs } from './logs-input.js';
import type { AppliedConfig } from '../summary.js';
import { checkOutput, terminalWidth, writeOutput, type OutputGuard } from './output.js';
import { loadLibs, SCAN_LIBS } from '../libs.js';

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
  maxCgroups?: number;
  maxMountLines?: number;
  maxFileBytes?: number;
}

/** .cgdoctor.yaml from --config, else from the working directory when there is one. */
async function loadConfigFile(explicit: string | undefined): Promise<{ file: string; config: ReturnType<typeof parseConfig> } | undefined> {
  const file = explicit ?? ['.cgdoctor.yaml', '.cgdoctor.yml'].find((f) => fs.existsSync(f));
  if (!file) return undefined;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(`--config ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  // zod takes ~50 ms to load: only a config file pays for it.
  await loadLibs(['js-yaml', 'zod/mini']);
  return { file, config: parseConfig(text, file, RULES) };
}

export async function runScan(o: ScanOptions): Promise<number> {
  // Arguments first: a mistake is reported before a long scan, not after it.
  const loaded = await loadConfigFile(o.config);
  await loadLibs(SCAN_LIBS);
  const run = mergeConfig(loaded?.config, { ...o, ...(o.failOn ? { failOn: o.failOn } : {}) }, RULES);
  const applied: AppliedConfig = {
    file: loaded?.file ?? null,
    only: run.only ?? null,
    ignored: run.ignore,
    severity: run.engine.severity ?? {},
    thresholds: run.engine.options ?? {},
    failOn: run.failOn ?? 'error',
    kubeletVersion: run.kubeletVersion ?? null,
  };
  const guard: OutputGuard = {
    ...(o.from ? {} : { roots: [o.root] }),
    inputs: [...(o.from ? [o.from] : []), ...(loaded ? [loaded.file] : []), ...(o.logs ?? []).filter((f) => f !== '-')],
  };
  if (o.output !== undefined) checkOutput(o.output, guard);
  const { host, live } = await openHost(o.from ? { capture: o.from } : { root: o.root }, o);
  const logs = o.logs && o.logs.length > 0 ? await readLogs(o.logs, RULES) : undefined;
  const rules = selectRules(RULES, run);
  const bar = progress();
  const { result, stats } = scanWithStats(host, {
    rules,
    config: run.engine,
    applied,
    context: {
      live,
      // Whose privileges read the files: a capture carries its own, a directory is read by us.
      ...(o.from === undefined && process.geteuid ? { uid: process.geteuid() } : {}),
      ...(run.kubeletVersion ? { kubeletVersion: run.kubeletVersion } : {}),
      ...(o.maxCgroups ? { maxCgroups: o.maxCgroups } : {}),
      ...(o.maxMountLines ? { maxMountLines: o.maxMountLines } : {}),
      onProgress: bar.update,
    },
    ...(logs ? { logs } : {}),
  });
  bar.done();
  const toFile = o.output !== undefined;
  const text = await render(o.format, result, {
    rules,
    stats,
    width: terminalWidth(toFile),
    style: async () => (await import('../report/style.js')).makeStyle({ ...(o.color !== undefined ? { color: o.color } : {}), isTTY: !!process.stdout.isTTY, toFile }),
  });
  const read = host instanceof DirHost ? host.readPaths : undefined;
  await writeOutput(text, o.output, { ...guard, ...(read ? { read: (p: string) => read.has(p) } : {}) });
  // Nothing checked is not a pass: the report says what was missing, and the exit code says so too.
  const nothing = nothingChecked(result);
  if (nothing) {
    process.stderr.write(`cgdoctor: ${safeText(nothing)}\n`);
    return EXIT.usage;
  }
  return exitCodeFor(result, run.failOn ?? 'error');
}
