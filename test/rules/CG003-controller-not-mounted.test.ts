import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/CG003-controller-not-mounted.js';
import { containerd, run, subjects, v1Node } from './trees.js';

describe('CG003 controller-not-mounted', () => {
  it('names an unmounted named hierarchy once, with every process that lists it', () => {
    const tree = v1Node({ ...containerd(), 'proc/1/cgroup': '7:name=cpu_mirror:/\n6:name=systemd:/init.scope\n', 'proc/200/cgroup': '7:name=cpu_mirror:/java\n' });
    const r = run(rule, tree);
    expect(Array.isArray(r) && r.map((f) => [f.subject, f.evidence.map((e) => e.excerpt)])).toEqual([['name=cpu_mirror', ['7:name=cpu_mirror:/', '7:name=cpu_mirror:/java']]]);
  });

  it('matches co-mounted controllers in any order and ignores the unified line', () => {
    expect(subjects(rule, v1Node({ 'proc/1/cgroup': '5:cpuacct,cpu:/\n0::/init.scope\n' }))).toEqual([]);
  });

  it('names an unmounted controller', () => {
    expect(subjects(rule, v1Node({ 'proc/1/cgroup': '9:perf_event:/\n' }))).toEqual(['perf_event']);
  });

  it('is skipped without /proc', () => {
    expect(run(rule, { 'proc/self/mountinfo': '' })).toEqual({ skipped: 'proc/ has no process directories' });
  });
});
