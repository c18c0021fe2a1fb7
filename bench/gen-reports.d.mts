/** Types for bench/gen-reports.mjs, which test/fleet.test.ts imports. */
export interface GeneratedNode {
  node: string;
  layout: 'v1' | 'v2';
  findings: Array<{ rule: string; subject: string; severity: 'error' | 'warning' | 'info' }>;
}
export function generateReports(dir: string, n: number, seed?: number): GeneratedNode[];
