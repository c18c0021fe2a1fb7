import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, mergeConfig, parseConfig, selectRules } from '../src/config.js';
import { RULES } from '../src/rules/index.js';
import { runCli, testTmp, writeTree } from './helpers.js';
import { ruleCase } from './rules/cases.js';
import { toTree } from './rules/nodes.js';

const parse = (text: string) => parseConfig(text, '.cgdoctor.yaml', RULES);

describe('.cgdoctor.yaml', () => {
  it('accepts ids and names, and flags override the file', () => {
    const file = parse(
      'ignore: [hybrid-layout]\nseverity:\n  CG018: error\nthresholds:\n  cgroup-count-near-limit: { warnAt: 30000 }\nfailOn: warning\nkubeletVersion: "1.28.3"\n',
    );
    const run = mergeConfig(file, { severity: ['CG018=info'], threshold: ['CG020.errorAt=50000'], ignore: ['CG013'] }, RULES);
    expect(run).toEqual({
      ignore: ['CG019', 'CG013'],
      engine: { severity: { CG018: 'info' }, options: { CG020: { warnAt: 30000, errorAt: 50000 } } },
      failOn: 'warning',
      kubeletVersion: '1.28.3',
    });
    expect(selectRules(RULES, run).map((r) => r.id)).not.toContain('CG019');
    expect(selectRules(RULES, mergeConfig(undefined, { rule: ['CG001,cgroup-driver-mismatch'] }, RULES)).map((r) => r.id)).toEqual(['CG001', 'CG009']);
  });

  it.each([
    ['ignore: CG019\n', '.cgdoctor.yaml: ignore: expected a list (line 1)'],
    ['severity:\n  CG018: fatal\n', '.cgdoctor.yaml: severity.CG018: expected one of "error", "warning", "info" (line 2)'],
    ['ignore: [CG099]\n', '.cgdoctor.yaml: ignore.0: unknown rule "CG099" (line 1)'],
    ['thresholds:\n  CG020:\n    warnAT: 5\n', '.cgdoctor.yaml: thresholds.CG020.warnAT: CG020 has the options warnAt, errorAt (line 3)'],
    ['thresholds:\n  CG020:\n    warnAt: lots\n', '.cgdoctor.yaml: thresholds.CG020.warnAt: expected a number (line 3)'],
    ['ignor: [CG019]\n', '.cgdoctor.yaml: (top level): unknown key ignor (allowed: only, ignore, severity, thresholds, failOn, kubeletVersion)'],
    ['ignore: [CG019\n', /^\.cgdoctor\.yaml line \d: YAML: /],
  ])('%j is refused with the key named', (text, message) => {
    expect(() => parse(text)).toThrow(ConfigError);
    expect(() => parse(text)).toThrow(message);
  });

  it('flag mistakes are named too', () => {
    expect(() => mergeConfig(undefined, { severity: ['CG018'] }, RULES)).toThrow('--severity CG018: expected RULE=error|warning|info');
    expect(() => mergeConfig(undefined, { threshold: ['CG001.max=3'] }, RULES)).toThrow('--threshold CG001.max=3: CG001 has no options');
    expect(() => mergeConfig(undefined, { rule: ['nope'] }, RULES)).toThrow('--rule: unknown rule "nope"');
  });
});

const tmp = testTmp();

describe('configuration on the command line', () => {
  // An error, a warning of another rule, and CG018's warning: each setting below moves one of them.
  let root: string;
  beforeAll(async () => {
    root = writeTree(path.join(tmp(), 'cg020'), toTree((await ruleCase('CG020 fires')).node));
  });
  const ids = (stdout: string) => (JSON.parse(stdout) as { findings: Array<{ rule: string; severity: string }> }).findings.map((f) => `${f.rule}:${f.severity}`);

  it('thresholds, severities, rule selection and fail-on change the report and the exit code', () => {
    expect(ids(runCli(['scan', '--root', root, '--format', 'json']).stdout)).toEqual(['CG020:error', 'CG018:warning', 'CG021:warning']);
    expect(ids(runCli(['scan', '--root', root, '--format', 'json', '--threshold', 'CG020.errorAt=62000']).stdout)).toEqual(['CG018:warning', 'CG020:warning', 'CG021:warning']);
    const r = runCli(['scan', '--root', root, '--format', 'json', '--rule', 'CG018', '--severity', 'CG018=info']);
    expect([ids(r.stdout), r.code]).toEqual([['CG018:info'], 0]);
    expect(runCli(['scan', '--root', root, '--ignore', 'CG020', '--fail-on', 'warning', '--format', 'json']).code).toBe(1);
  });

  it('reads .cgdoctor.yaml from the working directory, or --config', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cgdoctor-cfg-'));
    fs.writeFileSync(path.join(dir, '.cgdoctor.yaml'), 'ignore: [CG020, CG021]\n');
    const abs = path.resolve(root);
    const r = runCli(['scan', '--root', abs, '--format', 'json'], {}, dir);
    expect([ids(r.stdout), r.code]).toEqual([['CG018:warning'], 0]);
    fs.writeFileSync(path.join(dir, 'bad.yaml'), 'failOn: sometimes\n');
    const bad = runCli(['scan', '--root', abs, '--config', path.join(dir, 'bad.yaml')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^cgdoctor: .*bad\.yaml: failOn: expected one of "error", "warning", "info", "never" \(line 1\)\n$/);
    expect(runCli(['scan', '--root', abs, '--config', path.join(dir, 'missing.yaml')]).stderr).toMatch(/missing\.yaml: no such file/);
  });
});
