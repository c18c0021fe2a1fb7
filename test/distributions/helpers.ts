import * as path from 'node:path';
import { FactStore } from '../../src/collect/index.js';
import { DirHost } from '../../src/host/dir-host.js';
import { MemHost, type MemNode } from '../../src/host/mem-host.js';
import { scan, scanWithStats } from '../../src/scan.js';
import { FIXTURES } from '../helpers.js';

export { fixtureTree } from '../helpers.js';

type Tree = Record<string, MemNode>;

/** The facts of a tree in memory: a real layout with a file or two changed. */
export const store = (tree: Tree) => new FactStore(new MemHost(tree));

/**
 * The distribution, kubelet and runtime a tree (or a store over one) is read as; throws naming
 * what was not found, so a test never asserts on a missing fact.
 */
export function layoutFacts(from: Tree | FactStore) {
  const st = from instanceof FactStore ? from : store(from);
  const d = st.get('distribution');
  const k = st.get('kubelet');
  const rt = st.get('runtime');
  if (!d.ok || !k.ok || !rt.ok) throw new Error(`missing: ${[d, k, rt].map((f) => (f.ok ? '' : f.missing)).join(' ')}`);
  return { st, d: d.value, k: k.value, rt: rt.value };
}

/** A tree without every path under `prefix`. */
export const without = (tree: Tree, prefix: string): Tree => Object.fromEntries(Object.entries(tree).filter(([p]) => !p.startsWith(prefix)));

const fixtureHost = (name: string) => new DirHost(path.join(FIXTURES, name, 'root'), name);

/** A fixture's store, read from its directory as a user's scan would. */
export const fixtureStore = (name: string) => new FactStore(fixtureHost(name));

/** The report's facts (the node at a glance) for a fixture's tree. */
export const facts = (fixture: string) => scan(fixtureHost(fixture)).facts;

/** A fixture's node at a glance (the report's `facts`) and the facts behind it. */
export function fixtureFacts(name: string) {
  const { result, store: st } = scanWithStats(fixtureHost(name));
  const kubelet = st.get('kubelet');
  const runtime = st.get('runtime');
  if (!kubelet.ok || !runtime.ok) throw new Error(`${name}: no kubelet or runtime`);
  return { facts: result.facts, kubelet: kubelet.value, runtime: runtime.value, warnings: result.warnings };
}
