import type { Style as ChalkInstance } from './style.js';
import type { FailOn, ScanResult, ScanStats } from '../scan.js';
import type { AnyRule } from '../rules/define.js';
import { safeCopy, safeJsonText } from './safe-text.js';

export const FORMATS = ['table', 'json', 'sarif', 'junit', 'prom', 'markdown', 'npd'] as const;
export type Format = (typeof FORMATS)[number];

/** `cgdoctor report`'s formats: the cluster view has no SARIF, JUnit, prom or npd form. */
export const FLEET_FORMATS = ['table', 'json', 'markdown', 'html'] as const;

export interface RenderContext {
  rules: readonly AnyRule[];
  stats: () => ScanStats;
  /** Only the table uses colour and width; they are loaded for it alone. */
  style?: () => Promise<ChalkInstance>;
  width: number;
  /** The level a finding must reach to fail the scan: npd's OK or problem depends on it. */
  failOn?: FailOn;
}

/** One renderer per format, each a function of the scan result; loaded when chosen. */
const RENDERERS: Record<Format, (r: ScanResult, c: RenderContext) => Promise<string>> = {
  table: async (r, c) => (await import('./table.js')).renderTable(r, { style: await c.style!(), width: c.width }),
  json: async (r) => (await import('./json.js')).renderJson(r),
  sarif: async (r, c) => (await import('./sarif.js')).renderSarif(r, c.rules),
  junit: async (r, c) => (await import('./junit.js')).renderJunit(r, c.rules),
  prom: async (r, c) => (await import('./prom.js')).renderProm(r, c.rules, c.stats()),
  markdown: async (r) => (await import('./markdown.js')).renderMarkdown(r),
  npd: async (r, c) => (await import('./npd.js')).renderNpd(r, c.failOn ?? 'error'),
};

const JSON_FORMATS: ReadonlySet<Format> = new Set(['json', 'sarif']);

/**
 * The report in the chosen format. Text formats get a copy of the result with every string made
 * safe for a terminal before any renderer (or colour) touches it; JSON keeps the data as it is,
 * with the characters JSON.stringify leaves raw escaped.
 */
export async function render(format: Format, r: ScanResult, c: RenderContext): Promise<string> {
  if (JSON_FORMATS.has(format)) return safeJsonText(await RENDERERS[format](r, c));
  return RENDERERS[format](safeCopy(r), { ...c, rules: safeCopy(c.rules) });
}
