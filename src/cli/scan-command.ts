import * as fs from 'node:fs';
import { exitCodeFor, nothingChecked, scanWithStats, type FailOn, type ScanResult } from '../scan.js';
import { render, type Format } from '../report/index.js';
import { safeText } from '../report/safe-text.js';
import { DirHost } from '../host/dir-host.js';
import { CliError, EXIT } from './errors.js';
import { CaptureError } from '../errors.js';
import { openHost } from './root.js';
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
  /** --target v2: the migration plan, with its blockers as errors. */
  target?: 'v2';
  logs?: string[];
  from?: string;
  maxFiles?: number;
  maxBytes?: number;
  maxCgroups?: number;
  maxMountLines?: number;
  maxFileBytes?: number;
  /** --every: rescan at this interval, in milliseconds, until SIGTERM. */
  every?: number;
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

/** What every scan of a run shares: the arguments and configuration, checked once before the first. */
interface Plan {
  o: ScanOptions;
  run: ReturnType<typeof mergeConfig>;
  applied: AppliedConfig;
  guard: OutputGuard;
  rules: ReturnType<typeof selectRules>;
}

async function prepare(o: ScanOptions): Promise<Plan> {
  // Arguments first: a mistake is reported before a long scan, not after it.
  if (o.every !== undefined) {
    if (o.output === undefined) throw new CliError('--every needs --output FILE: each scan replaces that file');
    if (o.logs?.includes('-')) throw new CliError('--every cannot read --logs - (standard input is read once); name the log files');
  }
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
  return { o, run, applied, guard, rules: selectRules(RULES, run) };
}

/** One scan, from opening the root to writing the report: nothing of it outlives the call. */
async function scanOnce({ o, run, applied, guard, rules }: Plan): Promise<{ code: number; result: ScanResult }> {
  const { host, live } = await openHost(o.from ? { capture: o.from } : { root: o.root }, o);
  const logs = o.logs && o.logs.length > 0 ? await readLogs(o.logs, RULES) : undefined;
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
      ...(o.target ? { target: o.target } : {}),
      ...(o.maxCgroups ? { maxCgroups: o.maxCgroups } : {}),
      ...(o.maxMountLines ? { maxMountLines: o.maxMountLines } : {}),
      onProgress: bar.update,
    },
    ...(logs ? { logs } : {}),
  });
  bar.done();
  const toFile = o.output !== undefined;
  const failOn = run.failOn ?? 'error';
  const text = await render(o.format, result, {
    rules,
    stats,
    failOn,
    width: terminalWidth(toFile),
    style: async () => (await import('../report/style.js')).makeStyle({ ...(o.color !== undefined ? { color: o.color } : {}), isTTY: !!process.stdout.isTTY, toFile }),
  });
  const read = host instanceof DirHost ? host.readPaths : undefined;
  await writeOutput(text, o.output, { ...guard, ...(read ? { read: (p: string) => read.has(p) } : {}) });
  // Nothing checked is not a pass: the report says what was missing, and the exit code says so too.
  const nothing = nothingChecked(result);
  if (nothing) {
    process.stderr.write(`cgdoctor: ${safeText(nothing)}\n`);
    return { code: EXIT.usage, result };
  }
  return { code: exitCodeFor(result, failOn), result };
}

export async function runScan(o: ScanOptions): Promise<number> {
  const plan = await prepare(o);
  if (o.every === undefined) return (await scanOnce(plan)).code;
  return scanEvery(plan, o.every);
}

/**
 * `--every`: the DaemonSet's loop. The first scan's failure (a wrong root, an unwritable output)
 * ends the run with exit 2, as a plain scan would, so a misconfigured pod crash-loops where it
 * can be seen; later failures are logged and retried, since a node's files change under a scan.
 * SIGTERM or SIGINT ends the run with exit 0 once the scan in progress is written: the file is
 * replaced by a rename, so a reader never sees half of it.
 */
async function scanEvery(plan: Plan, everyMs: number): Promise<number> {
  let stopping = false;
  let wake = () => {};
  const stop = () => {
    stopping = true;
    wake();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  try {
    for (let n = 1; !stopping; n++) {
      const started = Date.now();
      try {
        const { result } = await scanOnce(plan);
        const s = result.summary;
        process.stderr.write(
          `cgdoctor: scan ${n} at ${new Date().toISOString()}: ${s.error} errors, ${s.warning} warnings, ${s.info} info (${s.rulesRun} rules checked, ${s.rulesSkipped} skipped); wrote ${safeText(plan.o.output!)}\n`,
        );
      } catch (err) {
        if (n === 1 || !(err instanceof CliError || err instanceof CaptureError)) throw err;
        process.stderr.write(`cgdoctor: scan ${n} failed, tried again at the next interval: ${safeText(err.message)}\n`);
      }
      if (stopping) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, everyMs - (Date.now() - started)));
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return EXIT.ok;
  } finally {
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
  }
}
