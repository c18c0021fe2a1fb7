import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { exitCodeFor, type ScanResult } from '../src/scan.js';
import type { MemNode } from '../src/host/mem-host.js';
import AjvModule from 'ajv';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const FIXTURES = path.join(ROOT, 'fixtures');
export const BIN = path.join(ROOT, 'bin', 'cgdoctor.js');

export interface Expected {
  description: string;
  layout: string;
  exitCode: number;
  findings: Array<{ rule: string; severity: string; subject: string; evidence?: Array<{ path: string; line: number | null }> }>;
  skipped: string[];
}

export function fixtureNames(): string[] {
  return fs
    .readdirSync(FIXTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

export function readExpected(name: string): Expected {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, name, 'expected.json'), 'utf8')) as Expected;
}

/** The parts of a scan that expected.json pins, in the same shape. */
export function project(r: ScanResult, withEvidence: boolean[]) {
  return {
    layout: r.layout,
    exitCode: exitCodeFor(r, 'error'),
    findings: r.findings.map((f, i) => ({
      rule: f.rule,
      severity: f.severity,
      subject: f.subject,
      ...(withEvidence[i] ? { evidence: f.evidence.map((e) => ({ path: e.path, line: e.line })) } : {}),
    })),
    skipped: r.skipped.map((s) => s.rule).sort(),
  };
}

export interface RunOptions {
  /** Standard input (`--logs -`, `explain -`). */
  input?: string | Buffer;
  /** A file descriptor to use as standard output instead of a pipe (/dev/full). */
  stdout?: number;
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, cwd = ROOT, o: RunOptions = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...env },
    stdio: ['pipe', o.stdout ?? 'pipe', 'pipe'],
    ...(o.input !== undefined ? { input: o.input } : {}),
  });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr };
}

/**
 * One temporary directory for a test file, under os.tmpdir()/cgdoctor-test-*, removed after the
 * file's tests: call at the top level, use the returned function inside tests.
 */
export function testTmp(): () => string {
  let dir: string | undefined;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cgdoctor-test-'));
  });
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  return () => dir!;
}

/** A fixture's root as an in-memory tree, to scan it with a few files changed. */
export function fixtureTree(name: string): Record<string, MemNode> {
  const root = path.join(FIXTURES, name, 'root');
  const out: Record<string, MemNode> = {};
  for (const d of fs.readdirSync(root, { recursive: true, withFileTypes: true }) as fs.Dirent[]) {
    const full = path.join(d.parentPath, d.name);
    const rel = path.relative(root, full);
    if (d.isFile()) out[rel] = fs.readFileSync(full);
    else if (d.isSymbolicLink()) out[rel] = { link: fs.readlinkSync(full) };
    else if (d.isDirectory()) out[rel] = { dir: true };
  }
  return out;
}

const REPORT_SCHEMA = JSON.parse(fs.readFileSync(path.join(ROOT, 'contract', 'scan-report.schema.json'), 'utf8'));
let validateReport: (((d: unknown) => boolean) & { errors?: unknown[] }) | undefined;

/**
 * What is wrong with a scan's JSON against contract/scan-report.schema.json: schema errors, and
 * keys out of the schema's order (the contract promises a stable key order). Empty when right.
 */
export function checkReport(j: Record<string, unknown>): unknown[] {
  if (!validateReport) {
    const Ajv = (AjvModule as unknown as { default: typeof AjvModule }).default ?? AjvModule;
    validateReport = new (Ajv as unknown as new (o: object) => { compile: (s: object) => ((d: unknown) => boolean) & { errors?: unknown[] } })({ allErrors: true, strict: false }).compile(REPORT_SCHEMA);
  }
  const problems: unknown[] = validateReport(j) ? [] : [...(validateReport.errors ?? [])];
  const order = (have: object, want: object, where: string) => {
    if (JSON.stringify(Object.keys(have)) !== JSON.stringify(Object.keys(want))) problems.push(`${where} keys ${Object.keys(have).join(',')}, expected ${Object.keys(want).join(',')}`);
  };
  order(j, REPORT_SCHEMA.properties, 'top-level');
  if (j['facts']) order(j['facts'] as object, REPORT_SCHEMA.properties.facts.properties, 'facts');
  return problems;
}
