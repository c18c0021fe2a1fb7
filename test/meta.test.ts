import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../src/rules/index.js';
import { explainMessage } from '../src/symptoms/match.js';
import { VERSION } from '../src/version.js';
import { optionProblem } from '../src/config.js';
import { ROOT, fixtureNames, readExpected } from './helpers.js';
import { ruleCases } from './rules/cases.js';

interface ContractRule {
  id: string;
  name: string;
  severity: string;
  status: 'active' | 'retired';
  symptoms: string[];
  symptomsOf?: string[];
}

/** The rule contract, checked in at contract/rules.json (see contract/README.md). */
function contract(): ContractRule[] {
  return (JSON.parse(fs.readFileSync(path.join(ROOT, 'contract', 'rules.json'), 'utf8')) as { rules: ContractRule[] }).rules;
}

describe('rule registry', () => {
  const all = contract();
  const cat = new Map(all.filter((r) => r.status === 'active').map((r) => [r.id, r]));

  it('every active rule of the contract is implemented, in id order, and no retired id is reused', () => {
    expect(RULES.map((r) => r.id)).toEqual([...cat.keys()]);
    const retired = all.filter((r) => r.status === 'retired');
    for (const r of retired)
      expect(
        RULES.map((x) => x.id),
        `${r.id} is retired`,
      ).not.toContain(r.id);
    // Ids are permanent: the contract lists each once, in order, active or retired.
    expect(all.map((r) => r.id)).toEqual([...new Set(all.map((r) => r.id))].sort());
    expect(new Set(all.map((r) => r.name)).size).toBe(all.length);
  });

  it('ids, names and default severities are exactly those of contract/rules.json', () => {
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    expect(new Set(RULES.map((r) => r.name)).size).toBe(RULES.length);
    for (const r of RULES) {
      expect(cat.get(r.id), r.id).toBeDefined();
      expect({ id: r.id, name: r.name, severity: r.severity }).toEqual({ id: r.id, name: cat.get(r.id)!.name, severity: cat.get(r.id)!.severity });
    }
  });

  it('is in id order and equals the rule files in src/rules, each named <id>-<name>.ts', () => {
    const files = fs
      .readdirSync(path.join(ROOT, 'src', 'rules'))
      .filter((f) => /^CG\d{3}-/.test(f))
      .sort();
    expect(files).toEqual(RULES.map((r) => `${r.id}-${r.name}.ts`));
    expect(RULES.map((r) => r.id)).toEqual([...RULES.map((r) => r.id)].sort());
  });

  it('every rule has full docs: title, checks, why, symptoms, fix and references', () => {
    for (const r of RULES) {
      for (const k of ['title', 'checks', 'why', 'fix'] as const) expect(r.docs[k].length, `${r.id} ${k}`).toBeGreaterThan(20);
      expect(r.docs.refs.length, `${r.id} refs`).toBeGreaterThan(0);
      // References are for users: public pages they can open, never a path of our own.
      for (const ref of r.docs.refs) expect(ref, `${r.id} ref`).toMatch(/^https:\/\/[^\s]+$/);
      // CG002's catalogue row has no symptom of its own: it is the cause of CG001's.
      if (r.id !== 'CG002') expect(r.docs.symptoms.length + (r.docs.symptomsOf?.length ?? 0), `${r.id} symptoms`).toBeGreaterThan(0);
    }
  });

  it('every option declares what values make sense, and its default satisfies it', () => {
    for (const r of RULES) {
      for (const [k, o] of Object.entries(r.options ?? {})) {
        expect(optionProblem(k, o, o.default), `${r.id}.${k}`).toBeUndefined();
        expect(o.min !== undefined || o.max !== undefined, `${r.id}.${k} has no bounds`).toBe(true);
        if (o.notAbove !== undefined) {
          expect(r.options![o.notAbove], `${r.id}.${k} notAbove ${o.notAbove}`).toBeDefined();
          expect(o.default, `${r.id}.${k} default`).toBeLessThanOrEqual(r.options![o.notAbove]!.default);
        }
      }
    }
  });

  it('explain finds each rule first for every symptom the contract quotes for it', () => {
    for (const r of RULES) {
      for (const q of cat.get(r.id)!.symptoms) {
        const m = explainMessage(q, RULES).matches;
        expect(m.length, `${r.id}: ${q}`).toBeGreaterThan(0);
        expect(m[0]!.rule, `${r.id}: ${q}`).toBe(r.id);
      }
    }
  });
});

describe('rule cases', () => {
  it('every rule has a cases file, test/rules/<id>-<name>.cases.ts, with a node that fires it and a near miss', async () => {
    const files = fs
      .readdirSync(path.join(ROOT, 'test', 'rules'))
      .filter((f) => f.endsWith('.cases.ts'))
      .sort();
    expect(files).toEqual(RULES.map((r) => `${r.id}-${r.name}.cases.ts`));
    const cases = await ruleCases();
    for (const r of RULES) {
      const mine = cases.filter((c) => c.rule === r.id);
      expect(mine.filter((c) => c.kind === 'fires').length, `${r.id} fires`).toBeGreaterThan(0);
      expect(mine.filter((c) => c.kind === 'near miss').length, `${r.id} near miss`).toBeGreaterThan(0);
      for (const c of mine)
        expect(
          c.findings.some((f) => f.rule === r.id),
          c.id,
        ).toBe(c.kind === 'fires');
    }
    expect(new Set(cases.map((c) => c.id)).size, 'case names are unique').toBe(cases.length);
  });
});

describe('fixtures', () => {
  const names = fixtureNames();

  it('each seed incident is a fixture whose cause is named', () => {
    const cause: Record<string, string[]> = { '000': ['CG001', 'CG002'], '002': ['CG006', 'CG008'], '003': ['CG011'], '004': ['CG003'] };
    for (const [seed, rules] of Object.entries(cause)) {
      const name = names.find((n) => n.startsWith(`seed-${seed}-`));
      expect(name, `seed ${seed}`).toBeDefined();
      const found = readExpected(name!).findings.map((f) => f.rule);
      for (const id of rules) expect(found, `seed ${seed}`).toContain(id);
    }
  });

  it("healthy fixtures of each layout report nothing above info, apart from CG018 and the move's blockers (CG032) on v1 and hybrid", () => {
    for (const n of ['healthy-v1-cgroupfs', 'healthy-v1-systemd', 'healthy-hybrid', 'healthy-v2-systemd']) {
      const e = readExpected(n);
      expect(
        e.findings.filter((f) => f.severity !== 'info' && !(['CG018', 'CG032'].includes(f.rule) && e.layout !== 'v2')),
        n,
      ).toEqual([]);
    }
  });
});

/**
 * What may import what (docs/architecture.md): the flow is host -> collect -> rules -> engine ->
 * report, with the CLI on top. A stage imports only stages before it, so a rule cannot read a
 * file and a parser cannot reach a rule. `parse` stays pure: it imports nothing but itself and
 * the libraries it parses with (`libs`, loaded by the command before it runs).
 */
const LAYERS: Record<string, readonly string[]> = {
  host: ['host', 'errors'],
  'collect/parse': ['collect/parse', 'libs'],
  distributions: ['distributions'],
  collect: ['collect', 'collect/parse', 'host', 'errors', 'distributions', 'libs'],
  rules: ['rules', 'collect', 'collect/parse', 'distance', 'distributions'],
  redact: ['redact', 'collect/parse', 'libs'],
  symptoms: ['symptoms', 'rules', 'collect/parse', 'engine'],
  fleet: ['fleet', 'engine', 'rules'],
  migration: ['migration', 'collect', 'engine', 'summary', 'distributions'],
  report: ['report', 'scan', 'summary', 'engine', 'rules', 'symptoms', 'diff', 'collect', 'collect/parse', 'fleet', 'errors', 'migration'],
};

describe('layers', () => {
  const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
  const src = path.join(ROOT, 'src');
  /** `collect/parse/x.ts` -> `collect/parse`; `scan.ts` -> `scan`. */
  const layerOf = (rel: string) => {
    const parts = rel.replace(/\.[jt]s$/, '').split('/');
    if (parts[0] === 'collect' && parts[1] === 'parse') return 'collect/parse';
    return parts[0]!;
  };
  it('each stage imports only the stages before it', () => {
    const offences: string[] = [];
    for (const file of walk(src).filter((f) => f.endsWith('.ts'))) {
      const rel = path.relative(src, file);
      const allowed = LAYERS[layerOf(rel)];
      if (!allowed) continue;
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
        const target = layerOf(path.relative(src, path.resolve(path.dirname(file), m[1]!)));
        if (!allowed.includes(target)) offences.push(`${rel} imports ${m[1]} (${target})`);
      }
    }
    expect(offences).toEqual([]);
  });
});

describe('the file-access seam', () => {
  it('is the only code that touches the file system of the scanned root', () => {
    const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
    const offenders = walk(path.join(ROOT, 'src'))
      .filter((f) => !f.includes(`${path.sep}host${path.sep}`) && !f.includes(`${path.sep}cli${path.sep}`))
      .filter((f) => /from 'node:fs'|require\('node:fs'\)|from 'fs'/.test(fs.readFileSync(f, 'utf8')));
    expect(offenders.map((f) => path.relative(ROOT, f))).toEqual([]);
  });
});

describe('package', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  it('version constant equals package.json', () => expect(VERSION).toBe(pkg.version));
  it('bin is the three-line shim', () =>
    expect(
      fs
        .readFileSync(path.join(ROOT, 'bin', 'cgdoctor.js'), 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean),
    ).toHaveLength(3));
  it('README lists every rule with its id and name', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    for (const r of RULES) expect(readme, r.id).toContain(`| ${r.id} | ${r.name} |`);
  });
  it('README and .ci/run use the same test command', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const ci = fs.readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8');
    expect(readme).toMatch(/npm test/);
    expect(ci).toMatch(/^npm test$/m);
  });
});
