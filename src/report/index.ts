import type { Style as ChalkInstance } from './style.js';
import type { ScanResult, ScanStats } from '../scan.js';
import type { AnyRule } from '../rules/define.js';

export const FORMATS = ['table', 'json', 'sarif', 'junit', 'prom', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

export interface RenderContext {
  rules: readonly AnyRule[];
  stats: () => ScanStats;
  /** Only the table uses colour and width; they are loaded for it alone. */
  style?: () => Promise<ChalkInstance>;
  width: number;
}

/** One renderer per format, each a function of the scan result; loaded when chosen. */
const RENDERERS: Record<Format, (r: ScanResult, c: RenderContext) => Promise<string>> = {
  table: async (r, c) => (await import('./table.js')).renderTable(r, { style: await c.style!(), width: c.width }),
  json: async (r) => (await import('./json.js')).renderJson(r),
  sarif: async (r, c) => (await import('./sarif.js')).renderSarif(r, c.rules),
  junit: async (r, c) => (await import('./junit.js')).renderJunit(r, c.rules),
  prom: async (r, c) => (await import('./prom.js')).renderProm(r, c.rules, c.stats()),
  markdown: async (r) => (await import('./markdown.js')).renderMarkdown(r),
};

export function render(format: Format, r: ScanResult, c: RenderContext): Promise<string> {
  return RENDERERS[format](r, c);
}
