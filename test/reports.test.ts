import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import AjvModule from 'ajv-draft-04';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { RULES } from '../src/rules/index.js';
import { renderJunit } from '../src/report/junit.js';
import { renderProm } from '../src/report/prom.js';
import type { ScanResult } from '../src/scan.js';
import { noFacts, runCli, testTmp, writeTree } from './helpers.js';
import { ruleCase } from './rules/cases.js';
import { toTree } from './rules/nodes.js';

const require = createRequire(import.meta.url);
const SEED = 'fixtures/seed-000-cpuset-empty-kubelet-metrics/root';

const scanAs = (format: string, root = SEED, extra: string[] = []) => runCli(['scan', '--root', root, '--format', format, ...extra]);

/** A result with every character XML and the exposition format must escape. */
const hostile: ScanResult = {
  tool: { name: 'cgdoctor', version: '0.1.0' },
  root: 'fixtures/<&"\'>',
  node: 'node-<&>',
  layout: 'v1',
  facts: noFacts('v1'),
  findings: [
    {
      rule: 'CG001',
      name: 'cpuset-empty',
      severity: 'error',
      subject: '/a"b<c>&\'d',
      message: 'bad \u0001 byte, ]]> and </failure>',
      evidence: [{ path: 'sys/x', line: 1, excerpt: '<script>' }],
      remediation: 'fix & go',
    },
  ],
  skipped: [{ rule: 'CG002', reason: 'no "units" & <dirs>' }],
  warnings: [],
  summary: { error: 1, warning: 0, info: 0, rulesRun: 30, rulesSkipped: 1, durationMs: 12 },
};

describe('SARIF', () => {
  const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  // ajv-draft-04 is CommonJS: its class is the default export's default.
  const Ajv = (AjvModule as unknown as { default: typeof AjvModule }).default ?? AjvModule;
  const validate = new (Ajv as unknown as new (o: object) => { compile: (s: object) => ((d: unknown) => boolean) & { errors?: unknown[] } })({
    allErrors: true,
    strict: false,
    unicodeRegExp: false,
  }).compile(schema);

  it('validates against the SARIF 2.1.0 schema: a tree in the repository, an absolute root, a capture with log evidence', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cgdoctor-sarif-'));
    const log = path.join(dir, 'kubelet.log');
    fs.writeFileSync(log, 'cgroups: cannot find cgroup mount destination: unknown\n');
    const capture = path.join(dir, 'seed.tar.gz');
    expect(runCli(['capture', '--root', SEED, '-o', capture]).code).toBe(0);
    const runs = [
      scanAs('sarif', SEED),
      scanAs('sarif', path.resolve('fixtures/healthy-v2-systemd/root')),
      runCli(['scan', '--from', capture, '--format', 'sarif', '--logs', log]),
    ];
    for (const r of runs) {
      const sarif = JSON.parse(r.stdout);
      expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    }
    const fromCapture = JSON.parse(runs[2]!.stdout).runs[0];
    expect(fromCapture.originalUriBaseIds.SCANROOT.uri).toBe('file:///');
    const symptom = fromCapture.results.find((x: { ruleId: string }) => x.ruleId === 'CG003');
    expect(symptom.locations[0].physicalLocation.artifactLocation).toEqual({ uri: `file://${log}` });
  });

  it('has what GitHub code scanning reads: rules with docs and levels, results with locations and fingerprints', () => {
    const sarif = JSON.parse(scanAs('sarif').stdout);
    const run = sarif.runs[0];
    expect(sarif.version).toBe('2.1.0');
    expect(run.tool.driver.rules).toHaveLength(RULES.length);
    expect(run.tool.driver.rules[0]).toMatchObject({
      id: 'CG001',
      name: 'CpusetEmpty',
      shortDescription: { text: expect.any(String) },
      fullDescription: { text: expect.any(String) },
      help: { text: expect.any(String), markdown: expect.stringContaining('### Fix') },
      defaultConfiguration: { level: 'error' },
    });
    const first = run.results[0];
    expect(first).toMatchObject({ ruleId: 'CG001', ruleIndex: 0, level: 'error' });
    expect(first.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: `${SEED}/sys/fs/cgroup/cpuset/system.slice/cpuset.cpus` }, region: { startLine: 1 } });
    expect(Object.keys(first.partialFingerprints)).toEqual(['cgdoctorFinding/v1']);
    const levels = run.results.map((x: { level: string }) => x.level);
    expect(levels).toEqual(['error', 'error', 'warning', 'warning', 'warning']);
  });
});

const tmp = testTmp();

describe('JUnit', () => {
  it('one testsuite, one testcase per rule, a failure per finding, skipped where it could not run', async () => {
    // Two errors of one rule and rules skipped: the OpenRC node with the systemd driver.
    const root = writeTree(path.join(tmp(), 'openrc'), toTree((await ruleCase('CG010 fires')).node));
    const xml = scanAs('junit', root).stdout;
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, isArray: (n) => ['testcase', 'failure'].includes(n) }).parse(xml);
    const suite = doc.testsuites.testsuite;
    expect(suite.testcase).toHaveLength(RULES.length);
    const byName = new Map(suite.testcase.map((t: { '@_name': string }) => [t['@_name'], t]));
    expect((byName.get('CG010 systemd-driver-without-systemd') as { failure: unknown[] }).failure).toHaveLength(2);
    expect(byName.get('CG002 unit-precreates-cgroup')).toHaveProperty('skipped');
    expect(suite['@_tests']).toBe(String(RULES.length));
    expect(suite['@_failures']).toBe('2');
  });

  it('escapes what XML cannot carry raw', () => {
    const xml = renderJunit(hostile, RULES.slice(0, 2));
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, isArray: (n) => ['testcase', 'failure'].includes(n) }).parse(xml);
    const failure = doc.testsuites.testsuite.testcase[0].failure[0];
    expect(failure['@_message']).toBe('/a"b<c>&\'d: bad  byte, ]]> and </failure>');
    expect(doc.testsuites.testsuite.testcase[1].skipped['@_message']).toBe('no "units" & <dirs>');
  });
});

/** The text exposition format, line by line, as Prometheus parses it (version 0.0.4). */
function parseExposition(text: string) {
  const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
  const samples: Array<{ name: string; labels: Record<string, string>; value: number }> = [];
  const types = new Map<string, string>();
  expect(text.endsWith('\n')).toBe(true);
  for (const line of text.slice(0, -1).split('\n')) {
    if (line.startsWith('# HELP ') || line.startsWith('# TYPE ')) {
      const [, kind, name, rest] = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line)!;
      expect(name).toMatch(NAME);
      if (kind === 'TYPE') {
        expect(['counter', 'gauge', 'histogram', 'summary', 'untyped']).toContain(rest);
        expect(types.has(name!), `TYPE ${name} twice`).toBe(false);
        types.set(name!, rest!);
      }
      continue;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$/.exec(line);
    expect(m, line).not.toBeNull();
    const labels: Record<string, string> = {};
    for (const l of (m![3] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"(,|$)/g)) {
      expect(l[1]!.startsWith('__')).toBe(false);
      labels[l[1]!] = l[2]!.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
    }
    expect(Number.isNaN(Number(m![4]))).toBe(false);
    expect(types.has(m![1]!), `${m![1]} has no TYPE before it`).toBe(true);
    samples.push({ name: m![1]!, labels, value: Number(m![4]) });
  }
  return { samples, types };
}

describe('Prometheus', () => {
  it('parses, follows the naming rules, and carries the metrics node_exporter should see', () => {
    const { samples, types } = parseExposition(scanAs('prom').stdout);
    for (const [name, type] of types) {
      expect(name.startsWith('cgdoctor_')).toBe(true);
      if (type === 'gauge') expect(name.endsWith('_total')).toBe(false);
    }
    expect(types.get('cgdoctor_scan_duration_seconds')).toBe('gauge');
    const find = (name: string, labels: Record<string, string> = {}) => samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
    expect(find('cgdoctor_findings', { rule: 'CG001', severity: 'error' })!.value).toBe(2);
    expect(find('cgdoctor_findings', { rule: 'CG001', severity: 'warning' })!.value).toBe(0);
    expect(find('cgdoctor_rules_skipped')!.value).toBe(3);
    expect(find('cgdoctor_cgroups', { controller: 'memory' })!.value).toBeGreaterThan(0);
    expect(find('cgdoctor_dying_cgroups')!.value).toBe(0);
    expect(find('cgdoctor_mountinfo_lines')!.value).toBe(21);
    expect(find('cgdoctor_last_run_timestamp_seconds')!.value).toBeGreaterThan(1.7e9);
  });

  it('escapes label values', () => {
    const { samples } = parseExposition(renderProm({ ...hostile, tool: { name: 'cgdoctor', version: 'a"b\\c\nd' } }, RULES.slice(0, 1), { now: new Date(0) }));
    expect(samples.find((s) => s.name === 'cgdoctor_info')!.labels['version']).toBe('a"b\\c\nd');
  });

  it('--output writes the file atomically (no temporary file left behind)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cgdoctor-prom-'));
    const out = path.join(dir, 'cgdoctor.prom');
    expect(scanAs('prom', SEED, ['-o', out]).code).toBe(1);
    expect(fs.readdirSync(dir)).toEqual(['cgdoctor.prom']);
    expect(fs.readFileSync(out, 'utf8')).toMatch(/^# HELP cgdoctor_findings /);
  });
});

describe('Markdown', () => {
  it('is a report for a ticket: title line, table, details per finding', async () => {
    const md = scanAs('markdown').stdout;
    expect(md.split('\n')[0]).toBe('## cgdoctor: 2 errors, 3 warnings, 0 info');
    expect(md).toContain('| 🔴 error | CG001 cpuset-empty | `/system.slice` |');
    expect(md).toContain('### 🟠 CG002 unit-precreates-cgroup: `kubelet.service`');
    expect(md).toContain('<details><summary>Evidence</summary>');
    await expect(md).toMatchFileSnapshot('golden/seed-000-markdown.md');
  });
});
