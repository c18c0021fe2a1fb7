import { describe, expect, it } from 'vitest';
import rule, { delegates } from '../../src/rules/CG016-runtime-unit-missing-delegate.js';
import { subjects, v1Node } from './trees.js';

describe('CG016 runtime-unit-missing-delegate', () => {
  it.each([
    ['yes', true],
    ['true', true],
    ['cpu memory', true],
    ['no', false],
    ['', false],
    [undefined, false],
  ])('Delegate=%s delegates: %s', (v, want) => expect(delegates(v)).toBe(want));

  it('fires for a runtime unit without Delegate=yes, and a drop-in can fix or break it', () => {
    const unit = { 'lib/systemd/system/containerd.service': '[Service]\nExecStart=/usr/bin/containerd\n', 'run/systemd/system/.keep': '' };
    expect(subjects(rule, v1Node(unit))).toEqual(['containerd.service']);
    expect(subjects(rule, v1Node({ ...unit, 'etc/systemd/system/containerd.service.d/d.conf': '[Service]\nDelegate=yes\n' }))).toEqual([]);
    expect(
      subjects(
        rule,
        v1Node({ ...unit, 'lib/systemd/system/containerd.service': '[Service]\nDelegate=yes\n', 'etc/systemd/system/containerd.service.d/d.conf': '[Service]\nDelegate=no\n' }),
      ),
    ).toEqual(['containerd.service']);
  });

  it('is skipped without systemd', () => {
    expect(subjects(rule, v1Node({ 'proc/1/comm': 'init\n', 'lib/systemd/system/containerd.service': '[Service]\n' }))).toMatchObject({
      skipped: expect.stringMatching(/^systemd is not the init system/),
    });
  });
});
