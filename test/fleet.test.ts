import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateReports, type GeneratedNode } from '../bench/gen-reports.mjs';
import { jsonErrorAt } from '../src/fleet/json-position.js';
import type { FleetReport } from '../src/fleet/merge.js';
import { expandInputs } from '../src/cli/report-inputs.js';
import { FIXTURES, checkFleetReport, fixtureNames, golden, runCli, testTmp } from './helpers.js';

/**
 * `cgdoctor report`: a fleet of 1,000 generated node reports (bench/gen-reports.mjs, which says
 * which node has which finding, so the counts here are made without cgdoctor), with a corrupt
 * report and a stranger's JSON among them; captures, which it scans; and the small fleet of the
 * fixtures, whose table and Markdown are golden.
 */

const tmp = testTmp();
let fleet = '';
let manifest: GeneratedNode[] = [];

beforeAll(() => {
  fleet = path.join(tmp(), 'fleet');
  manifest = generateReports(fleet, 1000, 7);
  fs.writeFileSync(path.join(fleet, 'node-corrupt.json'), '{"tool": {"name": "cgdoctor", "version": "0.1.0"},\n "node": "node-x",\n "findings": [\n  {"rule": "CG001",\n');
  fs.writeFileSync(path.join(fleet, 'package.json'), '{"name": "not-a-report"}\n');
});

const reportJson = (args: string[]) => {
  const r = runCli(['report', ...args, '--format', 'json']);
  return { ...r, json: JSON.parse(r.stdout) as FleetReport };
};

describe('cgdoctor report over 1,000 nodes', () => {
  it('counts the nodes of each rule and subject exactly, and lists what it could not read', () => {
    const r = reportJson([fleet]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(checkFleetReport(r.json)).toEqual([]);
    expect(r.json.nodes).toBe(1000);
    const want = new Map<string, Set<string>>();
    const bySubject = new Map<string, number>();
    for (const n of manifest) {
      for (const f of n.findings) {
        (want.get(f.rule) ?? want.set(f.rule, new Set()).get(f.rule)!).add(n.node);
        bySubject.set(`${f.rule} ${f.subject}`, (bySubject.get(`${f.rule} ${f.subject}`) ?? 0) + 1);
      }
    }
    expect(Object.fromEntries(r.json.rules.map((x) => [x.rule, x.nodes.length]))).toEqual(Object.fromEntries([...want].map(([k, v]) => [k, v.size])));
    for (const x of r.json.rules) {
      expect(x.nodes).toEqual([...want.get(x.rule)!].sort());
      for (const s of x.subjects) expect(s.nodes.length).toBe(bySubject.get(`${x.rule} ${s.subject}`));
    }
    // Most nodes first.
    expect(r.json.rules.map((x) => x.nodes.length)).toEqual([...r.json.rules.map((x) => x.nodes.length)].sort((a, b) => b - a));
    expect(r.json.failed).toEqual([
      { file: path.join(fleet, 'node-corrupt.json'), reason: 'JSON: line 5 column 1: expected a property name in double quotes (the text ends there)' },
      { file: path.join(fleet, 'package.json'), reason: 'not a cgdoctor scan report: no "tool": {"name": "cgdoctor"}' },
    ]);
    expect(r.json.summary.failed).toBe(2);
  });

  it('groups the nodes by their set of findings, every node in one group, largest first', () => {
    const { json } = reportJson([fleet]);
    const sets = new Map<string, number>();
    for (const n of manifest) {
      const key = n.findings
        .map((f) => `${f.rule} ${f.subject}`)
        .sort()
        .join(', ');
      sets.set(key, (sets.get(key) ?? 0) + 1);
    }
    expect(json.groups.reduce((t, g) => t + g.nodes.length, 0)).toBe(1000);
    expect(
      Object.fromEntries(
        json.groups.map((g) => [
          g.findings
            .map((f) => `${f.rule} ${f.subject}`)
            .sort()
            .join(', '),
          g.nodes.length,
        ]),
      ),
    ).toEqual(Object.fromEntries(sets));
    expect(json.groups[0]!.nodes.length).toBe(Math.max(...sets.values()));
    const worst = { error: 0, warning: 0, info: 0, healthy: 0 };
    for (const n of manifest) worst[n.findings.some((f) => f.severity === 'error') ? 'error' : n.findings.length > 0 ? 'warning' : 'healthy']++;
    expect(json.summary).toEqual({ ...worst, failed: 2 });
  });

  it('says per rule on how many nodes it could not check, and why', () => {
    const { json } = reportJson([fleet]);
    const v1 = manifest.filter((n) => n.layout === 'v1').length;
    expect(json.coverage.map((c) => [c.rule, c.skippedOn])).toEqual([
      ['CG024', 1000],
      ['CG028', 1000],
      ['CG031', v1],
    ]);
    expect(json.coverage[2]!.reasons).toEqual([{ reason: 'the node is not on cgroup v2 (layout v1)', nodes: manifest.filter((n) => n.layout === 'v1').map((n) => n.node) }]);
  });
});

describe('cgdoctor report inputs', () => {
  const seedJson = () => {
    const f = path.join(tmp(), 'seed-000.json');
    if (!fs.existsSync(f)) runCli(['scan', '--root', path.join(FIXTURES, 'seed-000-cpuset-empty-kubelet-metrics', 'root'), '--format', 'json', '-o', f]);
    return f;
  };

  it('scans a capture it is given, and names a report without "node" after its file', () => {
    const capture = path.join(tmp(), 'seed-004.tar.gz');
    expect(runCli(['capture', '--root', path.join(FIXTURES, 'seed-004-cpu-mirror-unmounted', 'root'), '-o', capture]).code).toBe(0);
    const nameless = path.join(tmp(), 'worker-99.json');
    const j = JSON.parse(fs.readFileSync(seedJson(), 'utf8'));
    delete j.node;
    fs.writeFileSync(nameless, JSON.stringify(j));
    const r = reportJson([capture, nameless]);
    expect(r.json.nodeList.map((n) => [n.node, n.file, n.worst])).toEqual([
      ['worker-1', capture, 'error'],
      ['worker-99', nameless, 'error'],
    ]);
    expect(r.json.rules.find((x) => x.rule === 'CG003')!.nodes).toEqual(['worker-1']);
  });

  it('counts a node read twice once, the later input, and says so', () => {
    const r = reportJson([seedJson(), seedJson()]);
    expect(r.json.nodes).toBe(1);
    expect(r.json.warnings).toEqual([`node worker-17: read from ${seedJson()} and ${seedJson()}; ${seedJson()} is counted`]);
  });

  it('names the field a report gets wrong', () => {
    const bad = path.join(tmp(), 'bad-severity.json');
    const j = JSON.parse(fs.readFileSync(seedJson(), 'utf8'));
    j.findings[1].severity = 'fatal';
    fs.writeFileSync(bad, JSON.stringify(j));
    expect(reportJson([bad, seedJson()]).json.failed).toEqual([{ file: bad, reason: 'findings[1]: "severity" is "fatal", not error, warning or info' }]);
  });

  it('exits 0 when no node reaches --fail-on, and 2 with one line when no node could be read', () => {
    expect(runCli(['report', seedJson(), '--fail-on', 'never']).code).toBe(0);
    const none = runCli(['report', path.join(tmp(), 'missing.json'), '--format', 'json']);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe('cgdoctor: no node could be read: all 1 inputs failed\n');
    expect(JSON.parse(none.stdout).failed).toEqual([{ file: path.join(tmp(), 'missing.json'), reason: 'no such file or directory' }]);
    const empty = fs.mkdtempSync(path.join(tmp(), 'empty-'));
    expect(runCli(['report', empty])).toMatchObject({ code: 2, stderr: `cgdoctor: no node could be read: no report or capture in ${empty}\n` });
  });

  it('writes one self-contained page with every rule and node, markup from a report escaped', () => {
    const hostile = path.join(tmp(), 'hostile.json');
    const j = JSON.parse(fs.readFileSync(seedJson(), 'utf8'));
    j.node = '<img src=x onerror=alert(1)>';
    fs.writeFileSync(hostile, JSON.stringify(j));
    const r = runCli(['report', hostile, seedJson(), '--format', 'html']);
    expect(r.code).toBe(1);
    const html = r.stdout;
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
    // No request can leave the page: its policy allows nothing but its own inline style and script.
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'"`);
    expect(html).not.toMatch(/\b(?:src|href)=["']?(?:https?:)?\/\//);
    for (const rule of ['CG001', 'CG002', 'CG018']) expect(html).toContain(`<span class="id">${rule}</span>`);
    expect(html).toContain('<li data-node="worker-17">worker-17</li>');
  });

  it('names the files of a folder as path.join would, however the folder is spelt', () => {
    const dir = path.join(tmp(), 'spelt');
    fs.mkdirSync(path.join(dir, 'sub'), { recursive: true });
    for (const f of ['b.json', 'a.json', 'sub/c.tgz', 'notes.txt']) fs.writeFileSync(path.join(dir, f), '{}');
    const files = (arg: string) => expandInputs([arg]).inputs.map((i) => i.file);
    const want = [path.join(dir, 'a.json'), path.join(dir, 'b.json'), path.join(dir, 'sub', 'c.tgz')];
    expect(files(dir)).toEqual(want);
    expect(files(`${dir}/`)).toEqual(want);
    expect(files(`${dir}//sub/..`)).toEqual(want);
    const cwd = process.cwd();
    try {
      process.chdir(dir);
      expect(files('.')).toEqual(['a.json', 'b.json', 'sub/c.tgz']);
      expect(files('./')).toEqual(['a.json', 'b.json', 'sub/c.tgz']);
      expect(files('./sub/')).toEqual(['sub/c.tgz']);
    } finally {
      process.chdir(cwd);
    }
  });

  it('refuses to write its report over one of its inputs', () => {
    expect(runCli(['report', seedJson(), '-o', seedJson()])).toMatchObject({
      code: 2,
      stderr: `cgdoctor: --output ${seedJson()}: is ${seedJson()}, an input of this run; cgdoctor never writes over what it reads\n`,
    });
  });
});

describe('cgdoctor report on the fixtures, as a cluster', () => {
  // Run from the temporary folder, so the golden shows the paths as a user typed them.
  const fleetOfFixtures = () => {
    const dir = path.join(tmp(), 'fixtures');
    if (fs.existsSync(dir)) return;
    fs.mkdirSync(dir);
    // Several fixtures are nodes of the same name (worker-1): here each is a node of its own.
    for (const name of fixtureNames('root')) {
      const r = runCli(['scan', '--root', path.join(FIXTURES, name, 'root'), '--format', 'json']);
      fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify({ ...JSON.parse(r.stdout), node: name }));
    }
  };

  it.each([
    ['report-table', ['report', 'fixtures']],
    ['report-markdown', ['report', 'fixtures', '--format', 'markdown']],
  ])('%s', async (name, args) => {
    fleetOfFixtures();
    await expect(golden(args, tmp())).toMatchFileSnapshot(`golden/${name}.md`);
  });
});

describe('where a JSON text goes wrong', () => {
  it.each([
    ['a value missing', '{"a":1,\n"b":}', 'line 2 column 5: expected a value'],
    ['a cut file', '{"a":1', "line 1 column 7: expected ',' or '}' (the text ends there)"],
    ['text after the value', '{"a":1}\n}', 'line 2 column 1: unexpected text after the JSON value'],
    ['an empty file', '', 'line 1 column 1: unexpected end of the text'],
    ['a trailing comma', '[1,2,]', 'line 1 column 6: expected a value'],
    ['a bad escape', '{"a":"x\\q"}', 'line 1 column 8: bad escape in a string'],
    ['200,000 open brackets', '['.repeat(200_000), 'nested too deeply to read'],
  ])('%s', (_what, text, where) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(jsonErrorAt(text).startsWith(where)).toBe(true);
  });
});
