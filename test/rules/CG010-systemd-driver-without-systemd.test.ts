import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/CG010-systemd-driver-without-systemd.js';
import { kubelet, subjects, v1Node } from './trees.js';

describe('CG010 systemd-driver-without-systemd', () => {
  it('fires for kubelet on the systemd driver when pid 1 is not systemd', () => {
    expect(subjects(rule, v1Node({ 'proc/1/comm': 'init\n', ...kubelet(['--cgroup-driver=systemd']) }))).toEqual(['kubelet']);
  });

  it.each([
    ['pid 1 is systemd', { ...kubelet(['--cgroup-driver=systemd']) }],
    ['pid 1 was started as /sbin/init but run/systemd/system exists', { 'proc/1/comm': 'init\n', 'run/systemd/system/x': '', ...kubelet(['--cgroup-driver=systemd']) }],
    ['the driver is cgroupfs', { 'proc/1/comm': 'init\n', ...kubelet(['--cgroup-driver=cgroupfs']) }],
  ])('stays quiet when %s', (_n, extra) => expect(subjects(rule, v1Node(extra))).toEqual([]));

  it('is skipped with neither kubelet nor runtime', () => {
    expect(subjects(rule, v1Node({ 'proc/1/comm': 'init\n' }))).toEqual({ skipped: 'neither a kubelet nor a container runtime configuration was found' });
  });
});
