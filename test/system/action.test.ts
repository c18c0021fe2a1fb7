import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yaml from 'js-yaml';
import { FIXTURES, ROOT, runCli } from '../helpers.js';

/**
 * action.yml's steps, run as a GitHub runner runs a composite action: from a checkout of the
 * action (the working tree's files, copied), each `run` step with bash -eo pipefail in its
 * working directory with its env, its outputs read from $GITHUB_OUTPUT, each `if` evaluated,
 * later steps skipped after a failure unless they ask for always(). `uses` steps are recorded
 * with their inputs, not run: setup-node and upload-sarif need GitHub itself.
 */

interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  with?: Record<string, string>;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  'working-directory'?: string;
}
interface Action {
  inputs: Record<string, { description: string; default?: string }>;
  runs: { using: string; steps: Step[] };
}

const action = yaml.load(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as Action;
let actionPath = '';
let base = '';

/** The working tree as a fresh checkout of the action has it: tracked and new files, nothing ignored. */
function copyCheckout(to: string): void {
  const files = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).stdout.split('\0').filter(Boolean);
  for (const f of files) {
    if (!fs.existsSync(path.join(ROOT, f))) continue;
    fs.mkdirSync(path.dirname(path.join(to, f)), { recursive: true });
    fs.cpSync(path.join(ROOT, f), path.join(to, f), { verbatimSymlinks: true });
  }
}

interface Context {
  inputs: Record<string, string>;
  workspace: string;
  steps: Record<string, { outputs: Record<string, string>; outcome: string }>;
}

/** The value of one expression of the forms action.yml uses: a context path, a quoted string, always(). */
function value(expr: string, c: Context): string | boolean {
  const e = expr.trim();
  if (e === 'always()') return true;
  const quoted = /^'(.*)'$/.exec(e);
  if (quoted) return quoted[1]!;
  if (e.includes('&&')) return e.split('&&').every((p) => value(p, c) === true);
  const cmp = /^(.+?)\s*(==|!=)\s*(.+)$/.exec(e);
  if (cmp) return (String(value(cmp[1]!, c)) === String(value(cmp[3]!, c))) === (cmp[2] === '==');
  if (e === 'github.action_path') return actionPath;
  if (e === 'github.workspace') return c.workspace;
  const input = /^inputs\.([\w-]+)$/.exec(e);
  if (input) return c.inputs[input[1]!] ?? action.inputs[input[1]!]?.default ?? '';
  const out = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(e);
  if (out) return c.steps[out[1]!]?.outputs[out[2]!] ?? '';
  throw new Error(`expression ${e}: not one this runner knows`);
}
const expand = (text: string, c: Context) => text.replace(/\$\{\{(.+?)\}\}/g, (_, e: string) => String(value(e, c)));
const condition = (text: string, c: Context) => value(text.replace(/^\$\{\{(.+)\}\}$/s, '$1'), c) === true;

interface Job {
  ran: Array<{ name: string; code: number | null; stdout: string; stderr: string }>;
  used: Array<{ uses: string; with: Record<string, string> }>;
  skipped: string[];
  failed: boolean;
  steps: Context['steps'];
}

function runJob(inputs: Record<string, string>, workspace: string, skip: string[] = []): Job {
  const c: Context = { inputs, workspace, steps: {} };
  const job: Job = { ran: [], used: [], skipped: [], failed: false, steps: c.steps };
  for (const step of action.runs.steps) {
    const name = step.name ?? step.uses ?? '?';
    const wanted = step.if ? condition(step.if, c) && (!job.failed || step.if.includes('always()')) : !job.failed;
    if (!wanted || skip.includes(name)) {
      job.skipped.push(name);
      continue;
    }
    if (step.uses) {
      job.used.push({ uses: step.uses, with: Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, expand(String(v), c)])) });
      continue;
    }
    const output = fs.mkdtempSync(path.join(base, 'output-'));
    const outFile = path.join(output, 'GITHUB_OUTPUT');
    fs.writeFileSync(outFile, '');
    const env = {
      ...process.env,
      NO_COLOR: '1',
      GITHUB_OUTPUT: outFile,
      GITHUB_WORKSPACE: workspace,
      ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(String(v), c)])),
    };
    expect(step.shell).toBe('bash');
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run!], {
      cwd: expand(step['working-directory'] ?? workspace, c),
      env,
      encoding: 'utf8',
      timeout: 300_000,
    });
    const outputs = Object.fromEntries(
      fs
        .readFileSync(outFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    if (step.id) c.steps[step.id] = { outputs, outcome: r.status === 0 ? 'success' : 'failure' };
    job.ran.push({ name, code: r.status, stdout: r.stdout, stderr: r.stderr });
    if (r.status !== 0) job.failed = true;
  }
  return job;
}

const SEED = path.join(FIXTURES, 'seed-000-cpuset-empty-kubelet-metrics', 'root');
let workspace = '';

beforeAll(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'cgdoctor-test-action-'));
  actionPath = path.join(base, 'action');
  copyCheckout(actionPath);
  workspace = path.join(base, 'workspace');
  fs.mkdirSync(path.join(workspace, 'nodes'), { recursive: true });
  fs.cpSync(SEED, path.join(workspace, 'nodes', 'seed-000'), { recursive: true, verbatimSymlinks: true });
  expect(runCli(['capture', '--root', SEED, '-o', path.join(workspace, 'nodes', 'seed-000.tar.gz')]).code).toBe(0);
  // The install step, once, as the first job of a workflow runs it.
  const install = runJob({ root: 'nodes/seed-000' }, workspace).ran.find((s) => s.name === 'Install cgdoctor');
  expect(install, 'action.yml has an "Install cgdoctor" step').toBeDefined();
  expect(install!.code, install!.stderr).toBe(0);
}, 600_000);

afterAll(() => {
  if (base) fs.rmSync(base, { recursive: true, force: true });
});

describe('action.yml', () => {
  const jobOf = (inputs: Record<string, string>) => runJob(inputs, workspace, ['Install cgdoctor']);

  it('scans a tree, writes SARIF for the upload, and fails on an error finding', () => {
    const job = jobOf({ root: 'nodes/seed-000', 'fail-on': 'error' });
    expect(job.steps['scan']!.outputs).toEqual({ 'exit-code': '1', sarif: 'cgdoctor.sarif' });
    const scan = job.ran.find((s) => s.name === 'Scan')!;
    expect(scan.code).toBe(0);
    expect(scan.stdout).toContain('CG001');
    const sarif = JSON.parse(fs.readFileSync(path.join(workspace, 'cgdoctor.sarif'), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect([...new Set(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId))].sort()).toEqual(['CG001', 'CG002', 'CG018', 'CG032']);
    expect(job.used).toEqual([
      { uses: 'actions/setup-node@v4', with: { 'node-version': '20' } },
      { uses: 'github/codeql-action/upload-sarif@v3', with: { sarif_file: 'cgdoctor.sarif', category: 'cgdoctor' } },
    ]);
    const verdict = job.ran.find((s) => s.name === 'Verdict')!;
    expect(verdict.code).toBe(1);
    expect(verdict.stdout).toBe('::error::cgdoctor found problems at or above error (exit 1): see the Scan step and the code-scanning alerts\n');
    expect(job.failed).toBe(true);
  });

  it('scans a capture and passes with fail-on never, still uploading the findings', () => {
    const job = jobOf({ capture: 'nodes/seed-000.tar.gz', 'fail-on': 'never', sarif: 'out/seed.sarif', category: 'node-seed' });
    expect(job.failed, JSON.stringify(job.ran)).toBe(false);
    expect(job.steps['scan']!.outputs).toEqual({ 'exit-code': '0', sarif: 'out/seed.sarif' });
    expect(job.skipped).toEqual(['Install cgdoctor', 'Verdict']);
    expect(job.used[1]).toEqual({ uses: 'github/codeql-action/upload-sarif@v3', with: { sarif_file: 'out/seed.sarif', category: 'node-seed' } });
    expect(JSON.parse(fs.readFileSync(path.join(workspace, 'out', 'seed.sarif'), 'utf8')).runs[0].results.length).toBeGreaterThan(0);
  });

  it('fails with one error line and uploads nothing when given no input, or both', () => {
    for (const [inputs, line] of [
      [{}, "::error::cgdoctor: give root (a node's tree) or capture (a .tar.gz)\n"],
      [{ root: 'nodes/seed-000', capture: 'nodes/seed-000.tar.gz' }, '::error::cgdoctor: give root or capture, not both\n'],
    ] as const) {
      const job = jobOf(inputs);
      const scan = job.ran.find((s) => s.name === 'Scan')!;
      expect({ code: scan.code, stdout: scan.stdout }).toEqual({ code: 2, stdout: line });
      expect(job.used.map((u) => u.uses)).toEqual(['actions/setup-node@v4']);
    }
  });

  it('fails with exit 2 when the tree cannot be scanned', () => {
    const job = jobOf({ root: 'nodes/missing' });
    const scan = job.ran.find((s) => s.name === 'Scan')!;
    expect({ code: scan.code, stderr: scan.stderr }).toEqual({ code: 2, stderr: 'cgdoctor: --root nodes/missing: no such directory\n' });
    expect(job.steps['scan']!.outputs).toEqual({ 'exit-code': '2' });
  });
});
