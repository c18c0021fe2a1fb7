import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/CG017-controller-mounted-twice.js';
import { run, subjects, v1Node } from './trees.js';

describe('CG017 controller-mounted-twice', () => {
  it('fires for one hierarchy at two mountpoints, and names the extra one', () => {
    const base = v1Node()['proc/self/mountinfo'] as string;
    const tree = v1Node({ 'proc/self/mountinfo': `${base}99 25 0:32 / /dev/cpuset rw - cgroup cgroup rw,cpuset\n` });
    const r = run(rule, tree);
    expect(Array.isArray(r) && r.map((f) => f.subject)).toEqual(['cpuset']);
    expect(Array.isArray(r) && r[0]!.message).toMatch(/uses the shortest, \/dev\/cpuset/);
  });
  it('stays quiet for separately mounted controllers', () => {
    expect(subjects(rule, v1Node())).toEqual([]);
  });
});
