import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/CG013-kubepods-both-drivers.js';
import { cgroupIn, subjects, v1Node } from './trees.js';

describe('CG013 kubepods-both-drivers', () => {
  it('fires when one hierarchy root has both pods roots', () => {
    expect(subjects(rule, v1Node({ ...cgroupIn(['memory'], '/kubepods'), ...cgroupIn(['memory', 'cpuset'], '/kubepods.slice') }))).toEqual(['/']);
  });
  it('stays quiet when they are in different hierarchies or nested', () => {
    expect(subjects(rule, v1Node({ ...cgroupIn(['memory'], '/kubepods'), ...cgroupIn(['cpuset'], '/kubepods.slice') }))).toEqual([]);
    expect(subjects(rule, v1Node({ ...cgroupIn(['memory'], '/kubepods.slice'), ...cgroupIn(['memory'], '/system.slice/kubepods') }))).toEqual([]);
  });
});
