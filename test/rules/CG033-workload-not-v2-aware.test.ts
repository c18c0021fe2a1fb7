import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/CG033-workload-not-v2-aware.js';
import { FactStore } from '../../src/collect/index.js';
import { evaluate } from '../../src/engine.js';
import { MemHost } from '../../src/host/mem-host.js';
import { jdk8Release, jvmWorkload } from '../../scripts/node-tree.mjs';
import { systemdNode, toTree, v2Node } from './nodes.js';

const HOME = '/opt/java/openjdk';
const jdk = (version: string) => `JAVA_VERSION="${version}"\n`;
const run = (tree: ReturnType<typeof toTree>, target?: 'v2') =>
  evaluate([rule], new FactStore(new MemHost(tree), target ? { target } : {})).findings.map((f) => `${f.severity} ${f.message.split(':')[0]}`);

describe('CG033 workload-not-v2-aware', () => {
  it.each([
    ['1.7.0_80', ['error OpenJDK (HotSpot) 1.7.0_80 in pid 4100 reads cgroup v1 limits only (no release of its line reads them; 15 and later do)']],
    ['1.8.0_371', ['error OpenJDK (HotSpot) 1.8.0_371 in pid 4100 reads cgroup v1 limits only (the first of its line that reads them is 1.8.0_372)']],
    ['10.0.2', ['error OpenJDK (HotSpot) 10.0.2 in pid 4100 reads cgroup v1 limits only (no release of its line reads them; 15 and later do)']],
    ['11.0.15', ['error OpenJDK (HotSpot) 11.0.15 in pid 4100 reads cgroup v1 limits only (the first of its line that reads them is 11.0.16)']],
    ['11.0.16', []],
    ['14.0.2', ['error OpenJDK (HotSpot) 14.0.2 in pid 4100 reads cgroup v1 limits only (no release of its line reads them; 15 and later do)']],
    ['15', []],
    ['21.0.5', []],
  ])('JDK %s on a v2 node', (version, want) => expect(run(toTree(jvmWorkload(v2Node(), { home: HOME, release: jdk(version) })))).toEqual(want));

  it('says when it cannot tell the version: on v2 and under --target v2, never on v1 otherwise', () => {
    const noRelease = (t: ReturnType<typeof v2Node>) => jvmWorkload(t, { home: HOME });
    const why = `info OpenJDK (HotSpot) in pid 4100`;
    expect(run(toTree(noRelease(v2Node())))).toEqual([why]);
    expect(run(toTree(noRelease(systemdNode())))).toEqual([]);
    expect(run(toTree(noRelease(systemdNode())), 'v2')).toEqual([why]);
    const f = evaluate([rule], new FactStore(new MemHost(toTree(noRelease(v2Node()))))).findings[0]!;
    expect(f.message).toContain(`proc/4100/root${HOME}/release: not found`);
  });

  it('an old JDK on v1 is a warning, an error once the move is planned', () => {
    const t = () => toTree(jvmWorkload(systemdNode(), { release: jdk8Release(292) }));
    expect(run(t()).map((s) => s.split(' ')[0])).toEqual(['warning']);
    expect(run(t(), 'v2').map((s) => s.split(' ')[0])).toEqual(['error']);
  });
});
