import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/rules/index.js';
import { explainPaste, splitPaste } from '../../src/symptoms/paste.js';
import { lineRanges, renderPaste } from '../../src/report/docs.js';
import { makeStyle } from '../../src/report/style.js';

// The seed incidents' own lines, as the journal prints them (seeds 000, 004).
const CPUSET =
  'Jan 20 04:32:48 node1 kubelet[660625]: W0120 04:32:48.944092  660625 container.go:586] Failed to update stats for container "/system.slice/kubelet.service": /sys/fs/cgroup/cpuset/system.slice/kubelet.service/cpuset.cpus found to be empty, continuing to push stats';
const MOUNT =
  'Jan 20 04:33:01 node1 kubelet[660625]: E0120 04:33:01.000001  660625 pod_workers.go:191] Failed create pod sandbox: rpc error: code = Unknown desc = failed to start sandbox container for pod "web-0": Error response from daemon: cgroups: cannot find cgroup mount destination: unknown';

describe('splitPaste', () => {
  it('starts a message at each journal line and keeps a wrapped line with the one above', () => {
    // Cut where a terminal wraps it: after "rpc ".
    const text = `${CPUSET}\n${MOUNT.slice(0, 120)}\n   ${MOUNT.slice(120)}\n\n`;
    expect(splitPaste(text)).toEqual([
      { line: 1, text: CPUSET },
      { line: 2, text: MOUNT },
    ]);
  });

  it('reads a kubectl describe event list one event a row', () => {
    const events = [
      'Events:',
      '  Type     Reason                  Age                From     Message',
      '  ----     ------                  ----               ----     -------',
      '  Warning  FailedCreatePodSandBox  2m (x12 over 5m)   kubelet  Failed to create pod sandbox: rpc error: code = Unknown desc = failed to start sandbox container: cgroups: cannot find cgroup mount destination: unknown',
      '  Normal   SandboxChanged          2m (x12 over 5m)   kubelet  Pod sandbox changed, it will be killed and re-created.',
    ].join('\n');
    const m = splitPaste(events);
    expect(m.map((x) => x.line)).toEqual([1, 4, 5]);
    expect(m[1]!.text).toMatch(/^Warning {2}FailedCreatePodSandBox/);
  });

  it('takes unheaded lines one message each', () => {
    expect(splitPaste('a b\nc d\n  e').map((m) => m.text)).toEqual(['a b', 'c d e']);
  });
});

describe('explainPaste', () => {
  it('explains each message and sums the paste up by cause, the most lines first', () => {
    const p = explainPaste([MOUNT, CPUSET, MOUNT.replace('web-0', 'web-1'), 'Jan 20 04:34:00 node1 kubelet[660625]: I0120 all good'].join('\n'), RULES);
    expect(p.lines.map((l) => l.explanation.matches[0]?.rule ?? null)).toEqual(['CG003', 'CG001', 'CG003', null]);
    expect(p.causes.map((c) => [c.rule, c.lines])).toEqual([
      ['CG003', [1, 3]],
      ['CG001', [2]],
    ]);
    expect(p.unexplained).toEqual([4]);
  });
});

describe('renderPaste', () => {
  it('gives line numbers as ranges, and lists the first 100 messages of a long paste', async () => {
    expect(lineRanges([1, 2, 3, 7, 9, 10])).toBe('1-3, 7, 9-10');
    const p = explainPaste(Array.from({ length: 150 }, () => MOUNT).join('\n'), RULES);
    const text = renderPaste(p, RULES, await makeStyle({ color: false, isTTY: false, toFile: true }), 100);
    expect(text.split('\n').filter((l) => l.startsWith('  line '))).toHaveLength(100);
    expect(text).toContain('  ... and 50 more (--format json lists them all)\n');
    expect(text).toContain('  CG003 controller-not-mounted (error): lines 1-150\n');
  });
});
