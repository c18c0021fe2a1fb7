import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { ScanResult } from '../scan.js';
import type { AnyRule, Severity } from '../rules/define.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** SARIF rule names are PascalCase identifiers: cgroup-driver-mismatch -> CgroupDriverMismatch. */
const pascal = (kebab: string) => kebab.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());

function helpMarkdown(r: AnyRule): string {
  const symptoms = r.docs.symptoms.map((s) => `- \`${s.replace(/`/g, "'")}\``).join('\n');
  return [
    `**${r.id} ${r.name}** (${r.severity}): ${r.docs.title}`,
    `### What it checks\n${r.docs.checks}`,
    `### Why it matters\n${r.docs.why}`,
    ...(symptoms ? [`### Symptoms\n${symptoms}`] : []),
    `### Fix\n${r.docs.fix}`,
    ...(r.docs.refs.length > 0 ? [`### References\n${r.docs.refs.map((x) => `- ${x}`).join('\n')}`] : []),
  ].join('\n\n');
}

/**
 * Where an evidence file is, for code scanning: a tree inside the repository (fixtures/x/root)
 * gives repository-relative paths; a live root or an absolute one is given under a base URI.
 */
function artifact(root: string, p: string): { uri: string; uriBaseId?: string } {
  if (path.isAbsolute(p)) return { uri: `file://${p}` };
  if (!path.isAbsolute(root) && !isCapture(root)) return { uri: path.posix.join(root.replace(/\\/g, '/'), p) };
  return { uri: p, uriBaseId: 'SCANROOT' };
}

const isCapture = (root: string) => /\.(tar|tar\.gz|tgz)$/.test(root);

/** The node root the relative paths are under: the scanned directory, or `/` of a captured node. */
function baseUri(root: string): string {
  const dir = isCapture(root) ? '/' : path.resolve(root);
  return `file://${dir.endsWith('/') ? dir : `${dir}/`}`;
}

/** SARIF 2.1.0, as GitHub code scanning accepts it. */
export function renderSarif(r: ScanResult, rules: readonly AnyRule[]): string {
  const index = new Map(rules.map((x, i) => [x.id, i]));
  const usesBase = r.findings.some((f) => f.evidence.some((e) => artifact(r.root, e.path).uriBaseId));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'cgdoctor',
            version: r.tool.version,
            semanticVersion: r.tool.version,
            informationUri: 'https://github.com/cgdoctor/cgdoctor',
            rules: rules.map((x) => ({
              id: x.id,
              name: pascal(x.name),
              shortDescription: { text: x.docs.title },
              fullDescription: { text: `${x.docs.checks} ${x.docs.why}` },
              help: { text: `${x.docs.why}\n\nFix: ${x.docs.fix}`, markdown: helpMarkdown(x) },
              defaultConfiguration: { level: LEVEL[x.severity] },
              properties: { tags: ['cgroup', 'kubernetes', x.name], precision: 'high' },
            })),
          },
        },
        ...(usesBase ? { originalUriBaseIds: { SCANROOT: { uri: baseUri(r.root) } } } : {}),
        // One run per scanned root: code scanning keeps the runs of different nodes apart.
        automationDetails: { id: `cgdoctor/${r.root.replace(/^\/+|\/+$/g, '') || 'root'}/` },
        results: r.findings.map((f) => ({
          ruleId: f.rule,
          ...(index.has(f.rule) ? { ruleIndex: index.get(f.rule)! } : {}),
          level: LEVEL[f.severity],
          message: { text: `${f.subject}: ${f.message}\nFix: ${f.remediation}` },
          locations: f.evidence.slice(0, 10).map((e) => ({
            physicalLocation: {
              artifactLocation: artifact(r.root, e.path),
              ...(e.line !== null ? { region: { startLine: e.line } } : {}),
            },
            ...(e.excerpt ? { message: { text: e.excerpt } } : {}),
          })),
          partialFingerprints: { 'cgdoctorFinding/v1': createHash('sha256').update(`${f.rule}\0${f.subject}`).digest('hex') },
        })),
        invocations: [
          {
            executionSuccessful: true,
            ...(r.warnings.length > 0 ? { toolExecutionNotifications: r.warnings.slice(0, 100).map((w) => ({ level: 'warning', message: { text: w } })) } : {}),
          },
        ],
        properties: { layout: r.layout, skipped: r.skipped },
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
