import { describe, expect, it } from 'vitest';
import { MountinfoParser, parseMountinfo } from '../src/collect/parse/mountinfo.js';
import { scan } from '../src/scan.js';
import { MemHost } from '../src/host/mem-host.js';
import { progress } from '../src/cli/progress.js';

const SAMPLE = [
  '22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw',
  '30 25 0:28 / /sys/fs/cgroup/cpuset rw,nosuid - cgroup cgroup rw,cpuset',
  '31 25 0:29 / /sys/fs/cgroup/mem\\040ory rw - cgroup cgroup rw,memory',
  'garbage cgroup line',
  '40 27 0:60 / /run/containerd/io.containerd.grpc.v1.cri/sandboxes/0123456789abcdef0123/shm rw - tmpfs shm rw',
].join('\n');

describe('streaming mountinfo', () => {
  it('gives the same table however the text is cut into chunks', () => {
    const whole = parseMountinfo(SAMPLE);
    for (let cut = 0; cut <= SAMPLE.length; cut++) {
      const p = new MountinfoParser().push(SAMPLE.slice(0, cut)).push(SAMPLE.slice(cut)).end();
      expect({ ...p, truncated: undefined }).toEqual({ ...whole, truncated: undefined });
    }
  });

  it('past --max-mount-lines counts lines without reading them, and says so', () => {
    const big = Array.from({ length: 50 }, (_, i) => `${100 + i} 27 0:${60 + i} / /run/x/${i} rw - tmpfs shm rw`).join('\n');
    const r = scan(new MemHost({ 'proc/self/mountinfo': `${SAMPLE}\n${big}\n` }), { context: { maxMountLines: 10 }, config: { options: { CG023: { warnAt: 40, errorAt: 100 } } } });
    expect(r.findings.find((f) => f.rule === 'CG023')?.message).toMatch(/^proc\/self\/mountinfo has 55 mounts;/);
    expect(r.warnings).toContainEqual(
      expect.stringMatching(/^partial data: proc\/self\/mountinfo has 55 lines, more than --max-mount-lines 10: the lines past it were counted, not read; .*CG023/),
    );
  });

  it('a cut mount table is not evidence of absence: no rule concludes "not mounted" from it', () => {
    // Every hierarchy pid 1 lists is mounted, but the cap stops before their lines.
    const lines = [
      '22 1 8:1 / / rw - ext4 /dev/sda1 rw',
      ...['cpu,cpuacct', 'cpuset', 'memory', 'pids', 'devices', 'freezer'].map((c, i) => `${30 + i} 25 0:${30 + i} / /sys/fs/cgroup/${c} rw - cgroup cgroup rw,${c}`),
    ];
    const tree = {
      'proc/1/mountinfo': `${lines.join('\n')}\n`,
      'proc/1/comm': 'systemd\n',
      'proc/1/cgroup': '6:freezer:/\n5:devices:/\n4:pids:/\n3:memory:/\n2:cpuset:/\n1:cpu,cpuacct:/\n',
      'proc/cgroups':
        '#subsys_name\thierarchy\tnum_cgroups\tenabled\ncpu\t1\t1\t1\ncpuacct\t1\t1\t1\ncpuset\t2\t1\t1\nmemory\t3\t1\t1\npids\t4\t1\t1\ndevices\t5\t1\t1\nfreezer\t6\t1\t1\n',
    };
    const whole = scan(new MemHost(tree));
    expect(whole.findings.filter((f) => f.severity === 'error')).toEqual([]);
    const cut = scan(new MemHost(tree), { context: { maxMountLines: 1 } });
    expect(cut.findings.filter((f) => f.severity === 'error')).toEqual([]);
    const why = 'proc/1/mountinfo has 7 lines, more than --max-mount-lines 1: the lines past it were counted, not read';
    expect(cut.skipped.filter((s) => ['CG003', 'CG014', 'CG018'].includes(s.rule))).toEqual([
      { rule: 'CG003', reason: why },
      { rule: 'CG014', reason: why },
      { rule: 'CG018', reason: why },
    ]);
  });
});

describe('--max-cgroups', () => {
  it('stops the walks, names the rules that could not rely on them, and keeps CG021 from guessing', () => {
    const tree: Record<string, string> = {
      'proc/self/mountinfo': '30 25 0:28 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n',
      'proc/cgroups': '#subsys_name\thierarchy\tnum_cgroups\tenabled\nmemory\t3\t9000\t1\n',
    };
    for (let i = 0; i < 20; i++) tree[`sys/fs/cgroup/memory/c${i}/cgroup.procs`] = '';
    const r = scan(new MemHost(tree), { context: { maxCgroups: 5 } });
    expect(r.skipped.find((s) => s.rule === 'CG021')?.reason).toBe('the walk of sys/fs/cgroup/memory stopped at --max-cgroups 5');
    expect(r.warnings).toContain('partial data: the walk of sys/fs/cgroup/memory stopped at --max-cgroups 5; CG021 could not rely on it');
    // Without the cap, 9000 counted against 21 directories is a real finding.
    expect(scan(new MemHost(tree)).findings.map((f) => f.rule)).toContain('CG021');
  });
});

describe('progress line', () => {
  const fakeStream = (isTTY: boolean) => {
    const out: string[] = [];
    return { out, stream: { isTTY, write: (s: string) => out.push(s) } as unknown as NodeJS.WriteStream };
  };
  it('shows on a terminal after a second, throttled, and is erased at the end', () => {
    let t = 0;
    const { out, stream } = fakeStream(true);
    const p = progress(stream, () => t);
    p.update('walking', 1);
    t = 1200;
    p.update('walking', 2000);
    t = 1250;
    p.update('walking', 3000);
    t = 1400;
    p.update('walking', 4000);
    p.done();
    expect(out).toEqual(['\r\x1b[Kcgdoctor: walking: 2000', '\r\x1b[Kcgdoctor: walking: 4000', '\r\x1b[K']);
  });
  it('never writes to a non-terminal', () => {
    let t = 0;
    const { out, stream } = fakeStream(false);
    const p = progress(stream, () => t);
    t = 5000;
    p.update('walking', 1);
    p.done();
    expect(out).toEqual([]);
  });
});
