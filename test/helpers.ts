import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import type { MemNode } from '../src/host/mem-host.js';
import type { ExpectedScan } from './expect-scan.js';
import { NO_CONFIG, type NodeSummary } from '../src/summary.js';
import type { Layout } from '../src/collect/facts.js';
import AjvModule from 'ajv';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const FIXTURES = path.join(ROOT, 'fixtures');
export const BIN = path.join(ROOT, 'bin', 'cgdoctor.js');

/** fixtures/<name>/expected.json: what a scan of the fixture must report (fixtures/README.md). */
export interface Expected extends ExpectedScan {
  description: string;
  exitCode: number;
  /** The report's warnings, exactly; none when left out. */
  warnings?: string[];
  /** Arguments the scan runs with besides the root and --format json (`["--target", "v2"]`). */
  args?: string[];
  /** With --target v2: the plan, each step as kind, done, blocks, rule and subject, in order. */
  migration?: { ready: boolean; blockers: number; unknown: number; steps: Array<{ kind: string; done: boolean; blocks: boolean; rule?: string; subject?: string }> };
}

/**
 * The fixtures: folders of fixtures/ holding an expected.json and either root/ (a node's tree)
 * or capture.tar.gz (a capture as `cgdoctor capture` wrote it); `form` picks one kind.
 */
export function fixtureNames(form?: 'root' | 'capture'): string[] {
  return fs
    .readdirSync(FIXTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .filter((n) => form === undefined || fs.existsSync(path.join(FIXTURES, n, form === 'root' ? 'root' : 'capture.tar.gz')))
    .sort();
}

const KEYS = {
  top: ['description', 'layout', 'exitCode', 'findings', 'skipped', 'warnings', 'args', 'migration'],
  finding: ['rule', 'severity', 'subject', 'evidence'],
  evidence: ['path', 'match', 'line'],
};

/** A fixture's expected.json (by name, or the folder's path), refused when a key is misspelt. */
export function readExpected(name: string): Expected {
  const file = path.join(path.isAbsolute(name) ? name : path.join(FIXTURES, name), 'expected.json');
  const e = JSON.parse(fs.readFileSync(file, 'utf8')) as Expected;
  // A typo such as "mach" would otherwise silently check nothing.
  const unknown = (o: object, allowed: string[], where: string) => {
    const bad = Object.keys(o).filter((k) => !allowed.includes(k));
    if (bad.length > 0) throw new Error(`${file}: ${where} has unknown keys ${bad.join(', ')} (allowed: ${allowed.join(', ')})`);
  };
  unknown(e, KEYS.top, 'the top level');
  for (const k of ['description', 'layout', 'exitCode', 'findings', 'skipped']) if (!(k in e)) throw new Error(`${file}: "${k}" is missing`);
  for (const f of e.findings) {
    unknown(f, KEYS.finding, `finding ${f.rule} ${f.subject}`);
    for (const ev of f.evidence ?? []) unknown(ev, KEYS.evidence, `evidence of ${f.rule} ${f.subject}`);
  }
  return e;
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

/** Golden CLI output (NO_COLOR, not a terminal), with the exit code; only the timing is masked. */
export function golden(args: string[], cwd = ROOT) {
  const r = runCli(args, {}, cwd);
  const out = r.stdout.replace(/; \d+ ms$/m, '; N ms');
  return `$ cgdoctor ${args.join(' ')}\nexit ${r.code}\n\n${out}${r.stderr ? `\nstderr:\n${r.stderr}` : ''}`;
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

/** An in-memory tree (a rule case's node) as a directory, for tests that run the CLI on it. */
export function writeTree(dir: string, tree: Record<string, MemNode>): string {
  // Once per directory: a node's cgroupfs has many files to a directory, and mkdir is the slow part.
  const made = new Set<string>();
  const mkdir = (d: string) => {
    if (made.has(d)) return;
    fs.mkdirSync(d, { recursive: true });
    made.add(d);
  };
  for (const [p, node] of Object.entries(tree)) {
    const full = path.join(dir, p);
    if (typeof node === 'object' && 'dir' in node) {
      mkdir(full);
      continue;
    }
    mkdir(path.dirname(full));
    if (typeof node === 'string' || node instanceof Uint8Array) fs.writeFileSync(full, node);
    else if ('link' in node) fs.symlinkSync(node.link, full);
    else throw new Error(`${p}: ${JSON.stringify(node)} has no form on disk`);
  }
  return dir;
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

type Validator = ((d: unknown) => boolean) & { errors?: unknown[] };
const readSchema = (name: string) => JSON.parse(fs.readFileSync(path.join(ROOT, 'contract', name), 'utf8'));
const validators = new Map<string, Validator>();

/** A validator for one of contract/'s schemas, compiled once. */
function validator(name: string): Validator {
  let v = validators.get(name);
  if (!v) {
    const Ajv = (AjvModule as unknown as { default: typeof AjvModule }).default ?? AjvModule;
    v = new (Ajv as unknown as new (o: object) => { compile: (s: object) => Validator })({ allErrors: true, strict: false }).compile(readSchema(name));
    validators.set(name, v);
  }
  return v;
}

const REPORT_SCHEMA = readSchema('scan-report.schema.json');

/** What is wrong with `j` against one of contract/'s schemas; empty when nothing is. */
function schemaErrors(name: string, j: unknown): unknown[] {
  const v = validator(name);
  return v(j) ? [] : [...(v.errors ?? [])];
}

/** What is wrong with `explain "<message>" --format json` against contract/explain.schema.json. */
export const checkExplain = (j: unknown) => schemaErrors('explain.schema.json', j);

/** What is wrong with `report --format json` against contract/fleet-report.schema.json. */
export const checkFleetReport = (j: unknown) => schemaErrors('fleet-report.schema.json', j);

/**
 * What is wrong with a scan's JSON against contract/scan-report.schema.json: schema errors, and
 * keys out of the schema's order (the contract promises a stable key order). Empty when right.
 */
export function checkReport(j: Record<string, unknown>): unknown[] {
  const validateReport = validator('scan-report.schema.json');
  const problems: unknown[] = validateReport(j) ? [] : [...(validateReport.errors ?? [])];
  const order = (have: object, want: object, where: string) => {
    if (JSON.stringify(Object.keys(have)) !== JSON.stringify(Object.keys(want)))
      problems.push(`${where} keys ${Object.keys(have).join(',')}, expected ${Object.keys(want).join(',')}`);
  };
  // The required keys in the schema's order; the optional ones (migration) after them when present.
  const optional = (Object.keys(REPORT_SCHEMA.properties) as string[]).filter((k) => !(REPORT_SCHEMA.required as string[]).includes(k) && !(k in j));
  order(
    j,
    Object.fromEntries(
      Object.keys(REPORT_SCHEMA.properties)
        .filter((k) => !optional.includes(k))
        .map((k) => [k, 1]),
    ),
    'top-level',
  );
  if (j['facts']) order(j['facts'] as object, REPORT_SCHEMA.properties.facts.properties, 'facts');
  return problems;
}

/** The header facts of a node nothing is known about, for a ScanResult written by hand. */
export function noFacts(layout: Layout): NodeSummary {
  return {
    kernel: null,
    os: null,
    distribution: { id: 'kubeadm', name: 'kubeadm', why: 'test' },
    layout,
    view: null,
    privileges: null,
    kubelet: null,
    runtime: null,
    configuration: NO_CONFIG,
  };
}
