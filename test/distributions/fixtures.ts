/** Scans the cloud distribution fixtures as a user would, for tests that assert on their facts. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DirHost } from '../../src/host/dir-host.js';
import type { MemNode } from '../../src/host/mem-host.js';
import { scan } from '../../src/scan.js';
import { FIXTURES } from '../helpers.js';

/** The report's facts (the node at a glance) for a fixture's tree. */
export const facts = (fixture: string) => scan(new DirHost(path.join(FIXTURES, fixture, 'root'), 'tree')).facts;

/** A fixture's tree in memory, to change a file or two of a real layout. */
export function fixtureTree(fixture: string): Record<string, MemNode> {
  const root = path.join(FIXTURES, fixture, 'root');
  const out: Record<string, MemNode> = {};
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else out[path.relative(root, full)] = fs.readFileSync(full, 'utf8');
    }
  };
  walk(root);
  return out;
}
