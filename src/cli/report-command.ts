import { FleetMerger, fleetExitCode, type FleetReport } from '../fleet/merge.js';
import { expandInputs, readReport } from './report-inputs.js';
import { CaptureError } from '../errors.js';
import type { FailOn } from '../rules/define.js';
import { safeCopy, safeJson } from '../report/safe-text.js';
import type { FLEET_FORMATS } from '../report/index.js';
import { VERSION } from '../version.js';
import { CliError, EXIT } from './errors.js';
import { checkOutput, writeOutput, type OutputGuard } from './output.js';
import { progress } from './progress.js';
import { loadLibs, SCAN_LIBS } from '../libs.js';

export interface ReportOptions {
  format: (typeof FLEET_FORMATS)[number];
  output?: string;
  failOn?: FailOn;
}

/**
 * A capture's scan, or why it gave none: a node in a capture is scanned as `scan --from` would.
 * The scanner (every rule and collector) is loaded only when there is a capture: merging JSON
 * reports needs none of it, and its load would be most of a 1,000-report run.
 */
async function scanCapture(file: string) {
  const [{ openHost }, { nothingChecked, scanWithStats }] = await Promise.all([import('./root.js'), import('../scan.js')]);
  try {
    const { host, live } = await openHost({ capture: file });
    const { result } = scanWithStats(host, { context: { live } });
    const nothing = nothingChecked(result);
    return nothing ? { reason: nothing } : result;
  } catch (err) {
    if (err instanceof CliError || err instanceof CaptureError) return { reason: err.message.startsWith(`${file}: `) ? err.message.slice(file.length + 2) : err.message };
    throw err;
  }
}

/** The cluster report in one of report's formats (report and the kubectl plugin print it). */
export async function renderFleet(r: FleetReport, format: ReportOptions['format']): Promise<string> {
  if (format === 'json') return safeJson(r);
  if (format === 'html') return (await import('../report/fleet-html.js')).renderFleetHtml(safeCopy(r));
  const text = await import('../report/fleet.js');
  return format === 'markdown' ? text.renderFleetMarkdown(safeCopy(r)) : text.renderFleetTable(safeCopy(r));
}

/**
 * `cgdoctor report INPUTS...`: exit 1 when any node has a finding at or above --fail-on, 0 when
 * none has, 2 when no node could be read at all (every input failed, or none was found).
 */
export async function runReport(args: string[], o: ReportOptions): Promise<number> {
  const { inputs, folders } = expandInputs(args);
  // Named files are compared with the output one by one; a folder's files are covered by refusing
  // an output inside the folder, which costs no stat of each of 10,000 files.
  const guard: OutputGuard = { inputs: inputs.flatMap((i) => ('named' in i && i.named ? [i.file] : [])), folders };
  if (o.output !== undefined) checkOutput(o.output, guard);
  const merger = new FleetMerger(VERSION);
  const bar = progress();
  let libs = false;
  for (const [n, input] of inputs.entries()) {
    bar.update('reading node reports', n);
    if ('missing' in input) {
      merger.fail(input.file, input.missing);
      continue;
    }
    if (input.kind === 'capture' && !libs) {
      await loadLibs(SCAN_LIBS);
      libs = true;
    }
    const scan = input.kind === 'json' ? readReport(input.file) : await scanCapture(input.file);
    if ('reason' in scan) merger.fail(input.file, scan.reason);
    else merger.add(input.file, scan);
  }
  bar.done();
  const report = merger.result();
  await writeOutput(await renderFleet(report, o.format), o.output, guard);
  if (report.nodes === 0) {
    process.stderr.write(`cgdoctor: no node could be read: ${inputs.length === 0 ? `no report or capture in ${args.join(', ')}` : `all ${inputs.length} inputs failed`}\n`);
    return EXIT.usage;
  }
  return fleetExitCode(report, o.failOn ?? 'error');
}
