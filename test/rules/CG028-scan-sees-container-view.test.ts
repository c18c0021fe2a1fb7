import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/CG028-scan-sees-container-view.js';
import { FactStore } from '../../src/collect/index.js';
import { evaluate } from '../../src/engine.js';
import { MemHost } from '../../src/host/mem-host.js';
import { v1Node } from './trees.js';

const live = (tree: Record<string, string>) => {
  const ev = evaluate([rule], new FactStore(new MemHost(tree), { live: true }));
  return ev.skipped.length ? { skipped: ev.skipped[0]!.reason } : ev.findings.map((f) => f.message);
};

describe('CG028 scan-sees-container-view', () => {
  it('fires for cgroup mounts of a subtree, container markers, or a lone 0::/ without systemd', () => {
    expect(live(v1Node({ 'proc/self/mountinfo': '30 25 0:28 /kubepods/pod1/abc /sys/fs/cgroup/cpuset ro - cgroup cgroup rw,cpuset\n' }) as Record<string, string>)).toEqual([
      'this scan runs inside a container (the cpuset mount shows the subtree "/kubepods/pod1/abc"): its findings describe the container\'s cgroups, not the node\'s',
    ]);
    expect(live({ 'proc/self/mountinfo': '28 23 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n', 'proc/1/comm': 'pause\n', 'proc/self/cgroup': '0::/\n' })).toHaveLength(1);
    expect(live({ ...(v1Node() as Record<string, string>), 'run/.containerenv': '' })).toHaveLength(1);
  });

  it('stays quiet on a node, and is skipped for a tree that is not a live capture', () => {
    expect(live({ ...(v1Node() as Record<string, string>), 'proc/self/cgroup': '1:name=systemd:/user.slice/user-0.slice/session-1.scope\n' })).toEqual([]);
    const ev = evaluate([rule], new FactStore(new MemHost(v1Node())));
    expect(ev.skipped.map((s) => s.rule)).toEqual(['CG028']);
  });
});
