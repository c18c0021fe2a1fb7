import type { Host } from './host/host.js';
import type { Layout, ScanContext } from './collect/facts.js';
import { FactStore } from './collect/index.js';
import { formatWarning } from './collect/parse/diagnostic.js';
import type { EngineConfig, Finding, Skipped } from './engine.js';
import { evaluate } from './engine.js';
import type { AnyRule, Severity } from './rules/define.js';
import { RULES } from './rules/index.js';
import { VERSION } from './version.js';
import type { LogMatches } from './collect/logs.js';
import { addLogEvidence } from './log-evidence.js';

/** The scan result: exactly the `--format json` object of spec/cli.md, in its key order. */
export interface ScanResult {
  tool: { name: 'cgdoctor'; version: string };
  root: string;
  layout: Layout;
  findings: Finding[];
  skipped: Skipped[];
  warnings: string[];
  summary: { error: number; warning: number; info: number; rulesRun: number; rulesSkipped: number; durationMs: number };
}

export interface ScanOptions {
  rules?: readonly AnyRule[];
  config?: EngineConfig;
  context?: Partial<ScanContext>;
  /** Log lines that showed rules' symptoms (scan --logs). */
  logs?: LogMatches;
}

/**
 * A capture of a live root (its capture.json says `"root": "/"`) shows the view of the process
 * that took it, as a live scan does; any other tree does not.
 */
function capturedFromLiveRoot(host: Host): boolean {
  const r = host.read('capture.json', { maxBytes: 1 << 20 });
  if (!r.ok) return false;
  try {
    return (JSON.parse(r.text) as { root?: unknown }).root === '/';
  } catch {
    return false;
  }
}

/** Node figures beside the findings, for the Prometheus report. */
export interface ScanStats {
  cgroups?: Array<{ controller: string; count: number }>;
  dying?: number;
  mountinfoLines?: number;
}

export function scan(host: Host, options: ScanOptions = {}): ScanResult {
  return scanWithStats(host, options).result;
}

/** A scan, and a way to read node figures from the facts it collected (at no extra cost if already read). */
export function scanWithStats(host: Host, options: ScanOptions = {}): { result: ScanResult; stats: () => ScanStats; store: FactStore } {
  const start = performance.now();
  const live = options.context?.live === true || capturedFromLiveRoot(host);
  const store = new FactStore(host, { ...options.context, live });
  const rules = options.rules ?? RULES;
  const ev = evaluate(rules, store, options.config);
  if (options.logs) addLogEvidence(ev, rules, options.logs);
  const mounts = store.get('mounts');
  // Honest about caps: say what was cut and which rules saw only part of the node.
  const partialWarnings = [...store.partials].map(([fact, why]) => {
    const affected = rules.filter((r) => [...r.needs, ...(r.wants ?? [])].includes(fact)).map((r) => r.id);
    return `partial data: ${why}; ${affected.length > 0 ? `${affected.join(', ')} saw part of the node` : 'no rule used it'}`;
  });
  const cut = [...((host as { truncated?: Set<string> }).truncated ?? [])].map((p) => `${p}: cut at --max-file-bytes; rules reading it saw part of it`);
  // Say plainly what the root lacks, so "no findings" is never read as "healthy".
  const coverage: string[] = [];
  if (!host.isDir('proc')) coverage.push('coverage: the root has no proc/: process, kubelet-flag and mount rules could not look');
  if (!mounts.ok || mounts.value.hierarchies.length === 0) coverage.push('coverage: no cgroup filesystem is mounted in the mount table: cgroup rules could not look');
  const count = (s: Severity) => ev.findings.filter((f) => f.severity === s).length;
  const result: ScanResult = {
    tool: { name: 'cgdoctor', version: VERSION },
    root: host.label,
    layout: mounts.ok ? mounts.value.layout : 'unknown',
    findings: ev.findings,
    skipped: ev.skipped,
    warnings: [
      ...coverage,
      ...store.warnings.map(formatWarning),
      ...partialWarnings,
      ...cut,
      ...(store.gone.size > 0 ? [`vanished during the scan: ${[...store.gone].sort().map(([k, n]) => `${n} ${k}`).join(', ')} (a live node changes while it is read; they were skipped)`] : []),
    ],
    summary: {
      error: count('error'),
      warning: count('warning'),
      info: count('info'),
      rulesRun: ev.rulesRun,
      rulesSkipped: ev.skipped.length,
      durationMs: Math.round(performance.now() - start),
    },
  };
  const stats = (): ScanStats => {
    const pc = store.get('procCgroups');
    const unified = mounts.ok && mounts.value.layout === 'v2' ? store.get('unified') : undefined;
    const memDirs = mounts.ok && mounts.value.layout !== 'v2' ? store.get('memoryCgroupDirs') : undefined;
    const mem = pc.ok ? pc.value.controllers.find((c) => c.name === 'memory') : undefined;
    const dying = unified?.ok ? unified.value.stat['nr_dying_descendants'] : memDirs?.ok && mem ? Math.max(0, mem.numCgroups - memDirs.value) : undefined;
    return {
      ...(pc.ok ? { cgroups: pc.value.controllers.map((c) => ({ controller: c.name, count: c.numCgroups })) } : {}),
      ...(dying !== undefined ? { dying } : {}),
      ...(mounts.ok ? { mountinfoLines: mounts.value.lineCount } : {}),
    };
  };
  return { result, stats, store };
}

export type FailOn = Severity | 'never';

/** Exit code 1 when a finding is at or above the --fail-on level, else 0. */
export function exitCodeFor(result: ScanResult, failOn: FailOn): 0 | 1 {
  if (failOn === 'never') return 0;
  const levels: Severity[] = failOn === 'error' ? ['error'] : failOn === 'warning' ? ['error', 'warning'] : ['error', 'warning', 'info'];
  return result.findings.some((f) => levels.includes(f.severity)) ? 1 : 0;
}
