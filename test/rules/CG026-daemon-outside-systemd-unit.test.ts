import { describe, expect, it } from 'vitest';
import rule, { handStarted } from '../../src/rules/CG026-daemon-outside-systemd-unit.js';
import { containerd, subjects, v1Node } from './trees.js';

describe('CG026 daemon-outside-systemd-unit', () => {
  it.each([
    ['/', 'the root cgroup'],
    ['/user.slice/user-0.slice/session-3.scope', 'a login session'],
    ['/user.slice/user-1000.slice/user@1000.service/app.slice/x.scope', 'user.slice'],
    ['/system.slice/containerd.service', undefined],
    ['/init.scope', undefined],
  ])('%s', (path, want) => expect(handStarted(path)).toBe(want));

  it('fires for a runtime started from a shell, on a systemd host only', () => {
    expect(subjects(rule, v1Node(containerd(200, '/user.slice/user-0.slice/session-7.scope')))).toEqual(['containerd (pid 200)']);
    expect(subjects(rule, v1Node(containerd()))).toEqual([]);
    expect(subjects(rule, v1Node({ ...containerd(200, '/'), 'proc/1/comm': 'tini\n' }))).toMatchObject({ skipped: expect.stringMatching(/systemd is not the init system/) });
  });
});
