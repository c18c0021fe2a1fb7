import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/CG019-hybrid-layout.js';
import { subjects, v1Node } from './trees.js';

describe('CG019 hybrid-layout', () => {
  it('fires for v1 controllers plus a cgroup2 mount, not for v1 alone', () => {
    const base = v1Node()['proc/self/mountinfo'] as string;
    expect(subjects(rule, v1Node({ 'proc/self/mountinfo': `${base}50 25 0:50 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw,nsdelegate\n` }))).toEqual([
      '/sys/fs/cgroup/unified',
    ]);
    expect(subjects(rule, v1Node())).toEqual([]);
  });
});
