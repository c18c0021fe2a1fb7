import type { Finding, Skipped } from '../engine.js';
import { SEVERITIES, type Severity } from '../rules/define.js';
import { jsonErrorAt } from './json-position.js';
import type { NodeScan } from './merge.js';

/**
 * One scan JSON report's text as the merge needs it, or why it is not one (a JSON error with its
 * line, or the field that is wrong). The checks are the fields the merge reads
 * (contract/scan-report.schema.json), so a report of a later cgdoctor with more fields still merges.
 */
export function parseReport(text: string, fallbackName: () => string): NodeScan | { reason: string } {
  // Editors on Windows write a BOM; JSON.parse refuses it.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    return { reason: `JSON: ${jsonErrorAt(body)}` };
  }
  return toNodeScan(data, fallbackName);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function toNodeScan(data: unknown, fallbackName: () => string): NodeScan | { reason: string } {
  if (!isObject(data) || !isObject(data['tool']) || data['tool']['name'] !== 'cgdoctor') return { reason: 'not a cgdoctor scan report: no "tool": {"name": "cgdoctor"}' };
  const { findings, skipped, node, layout } = data;
  if (!Array.isArray(findings)) return { reason: 'not a cgdoctor scan report: "findings" is not a list' };
  for (let i = 0; i < findings.length; i++) {
    const f: unknown = findings[i];
    if (!isObject(f)) return { reason: `findings[${i}] is not an object` };
    const wrong = typeof f['rule'] !== 'string' ? 'rule' : typeof f['name'] !== 'string' ? 'name' : typeof f['subject'] !== 'string' ? 'subject' : undefined;
    if (wrong) return { reason: `findings[${i}]: "${wrong}" is not a string` };
    if (!SEVERITIES.includes(f['severity'] as Severity)) return { reason: `findings[${i}]: "severity" is ${JSON.stringify(f['severity'])}, not error, warning or info` };
  }
  if (skipped !== undefined && !Array.isArray(skipped)) return { reason: 'not a cgdoctor scan report: "skipped" is not a list' };
  // The checked objects are handed over as they are: copying each finding of 10,000 reports is
  // garbage the merge would only collect.
  return {
    node: typeof node === 'string' && node !== '' ? node : fallbackName(),
    layout: typeof layout === 'string' ? layout : 'unknown',
    findings: findings as Finding[],
    skipped: ((skipped ?? []) as unknown[]).filter((x): x is Skipped => isObject(x) && typeof x['rule'] === 'string' && typeof x['reason'] === 'string'),
  };
}
