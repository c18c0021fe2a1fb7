import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExpectedFinding, ExpectedScan } from '../expect-scan.js';
import { toTree, type NodeTree, type Tree } from './nodes.js';

/**
 * A rule case: a whole node and everything a scan of it with every rule must report. Each rule
 * has a file of them, test/rules/<id>-<name>.cases.ts, exporting `fires` (nodes where the rule
 * must fire) and `nearMisses` (nodes that look like it but where it must not); cases.test.ts
 * scans them all.
 */
export interface RuleCase {
  /** The scenario, in a sentence: what this node has and why it does or does not fire. */
  name: string;
  /** A healthy node from nodes.ts changed as the scenario says, or a tree of path -> content. */
  node: NodeTree | Tree;
  layout: 'v1' | 'hybrid' | 'v2';
  /**
   * Every finding of the scan, besides what every node of its layout reports: CG018 (warning,
   * subject v1 or hybrid) on v1 and hybrid, CG019 (info) on hybrid. A case that expects one of
   * those with another severity lists it, and that replaces the usual one.
   */
  findings: ExpectedFinding[];
  /**
   * Rules skipped besides the layout's usual ones: CG015 and CG031 (v2 only) on v1 and hybrid,
   * and CG028 on any tree that is not a capture of a live root.
   */
  skipped?: string[];
}

export interface LoadedCase extends RuleCase {
  /** The rule whose file holds the case. */
  rule: string;
  kind: 'fires' | 'near miss';
  /** `CG009 fires: <name>`, unique, for test names and look-ups. */
  id: string;
}

const DIR = path.dirname(fileURLToPath(import.meta.url));

/** Every case of every rule, in rule order, each rule's firing cases first. */
export async function ruleCases(): Promise<LoadedCase[]> {
  const files = fs
    .readdirSync(DIR)
    .filter((f) => /^CG\d{3}-.*\.cases\.ts$/.test(f))
    .sort();
  const out: LoadedCase[] = [];
  for (const file of files) {
    const rule = file.slice(0, 5);
    const mod = (await import(`./${file.replace(/\.cases\.ts$/, '')}.cases.ts`)) as { fires?: RuleCase[]; nearMisses?: RuleCase[] };
    for (const [kind, list] of [
      ['fires', mod.fires],
      ['near miss', mod.nearMisses],
    ] as const) {
      for (const c of list ?? []) out.push({ ...c, rule, kind, id: `${rule} ${kind}: ${c.name}` });
    }
  }
  return out;
}

/** The case whose id starts with `prefix` (`CG010 fires`), for tests that need one such node. */
export async function ruleCase(prefix: string): Promise<LoadedCase> {
  const found = (await ruleCases()).filter((c) => c.id.startsWith(prefix));
  if (found.length === 0) throw new Error(`no rule case starts with "${prefix}"`);
  return found[0]!;
}

const LAYOUT_USUAL: Record<RuleCase['layout'], Omit<ExpectedScan, 'layout'>> = {
  v1: { findings: [{ rule: 'CG018', severity: 'warning', subject: 'v1' }], skipped: ['CG015', 'CG031'] },
  hybrid: {
    findings: [
      { rule: 'CG018', severity: 'warning', subject: 'hybrid' },
      { rule: 'CG019', severity: 'info', subject: '/sys/fs/cgroup/unified' },
    ],
    skipped: ['CG015', 'CG031'],
  },
  v2: { findings: [], skipped: [] },
};

/** The case's tree, and its whole expectation: what it states plus what its layout always reports. */
export function expectationOf(c: RuleCase): { tree: Tree; expected: ExpectedScan } {
  const tree = toTree(c.node);
  const usual = LAYOUT_USUAL[c.layout];
  // A capture of a live root is scanned as the live view it was, so CG028 runs there.
  const capture = tree['capture.json'];
  const live = typeof capture === 'string' && /"root": "\/"/.test(capture);
  return {
    tree,
    expected: {
      layout: c.layout,
      findings: [...c.findings, ...usual.findings.filter((u) => !c.findings.some((f) => f.rule === u.rule && f.subject === u.subject))],
      skipped: [...(c.skipped ?? []), ...usual.skipped, ...(live ? [] : ['CG028'])],
    },
  };
}
