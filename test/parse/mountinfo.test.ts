import { describe, expect, it } from 'vitest';
import { parseMountinfo, parseMountLine } from '../../src/collect/parse/mountinfo.js';
import { detectLayout } from '../../src/collect/mounts.js';
import { collectMounts } from '../../src/collect/mounts.js';
import { FactStore } from '../../src/collect/index.js';
import { MemHost } from '../../src/host/mem-host.js';

describe('parseMountLine', () => {
  it('reads every field of a cgroup v1 line', () => {
    expect(parseMountLine('32 25 0:28 / /sys/fs/cgroup/cpuset rw,nosuid,nodev,noexec,relatime shared:15 - cgroup cgroup rw,cpuset', 7)).toEqual({
      id: 32,
      parentId: 25,
      major: 0,
      minor: 28,
      root: '/',
      mountpoint: '/sys/fs/cgroup/cpuset',
      options: ['rw', 'nosuid', 'nodev', 'noexec', 'relatime'],
      optionalFields: ['shared:15'],
      fstype: 'cgroup',
      source: 'cgroup',
      superOptions: ['rw', 'cpuset'],
      line: 7,
    });
  });

  it('explains why a line is unusable', () => {
    expect(parseMountLine('251 15 0:3573 / /mnt/point rw,relatime aufs none rw', 1)).toMatch(/separator/);
    expect(parseMountLine('44 44', 1)).toMatch(/not enough fields/);
  });
});

describe('layout detection', () => {
  const mounts = (lines: string[]) => {
    const store = new FactStore(new MemHost({ 'proc/self/mountinfo': `${lines.join('\n')}\n` }));
    const f = collectMounts(store);
    if (!f.ok) throw new Error(f.missing);
    return f.value;
  };
  const v1 = '30 25 0:28 / /sys/fs/cgroup/cpuset rw - cgroup cgroup rw,cpuset';
  const named = '31 25 0:29 / /sys/fs/cgroup/systemd rw - cgroup cgroup rw,xattr,name=systemd';
  it('v1, hybrid, v2 and unknown', () => {
    expect(mounts([v1, named]).layout).toBe('v1');
    expect(mounts([v1, named, '32 25 0:30 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw,nsdelegate']).layout).toBe('hybrid');
    expect(mounts(['32 23 0:30 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw']).layout).toBe('v2');
    expect(mounts(['22 1 8:1 / / rw - ext4 /dev/sda1 rw']).layout).toBe('unknown');
    expect(detectLayout([])).toBe('unknown');
  });

  it('groups co-mounted controllers and named hierarchies, choosing the shortest mountpoint', () => {
    const m = mounts([
      '40 25 0:33 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpuacct,cpu',
      '41 25 0:33 / /var/lib/x/sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpuacct,cpu',
      named,
    ]);
    expect(m.hierarchies.map((h) => [h.key, h.dir, h.mounts.length])).toEqual([
      ['cpu,cpuacct', 'sys/fs/cgroup/cpu,cpuacct', 2],
      ['name=systemd', 'sys/fs/cgroup/systemd', 1],
    ]);
  });

  it('counts every line but splits only cgroup ones', () => {
    const t = parseMountinfo('1 0 8:1 / / rw - ext4 /dev/sda1 rw\na garbage line\n30 25 0:28 / /sys/fs/cgroup/cpuset rw - cgroup cgroup rw,cpuset\n');
    expect(t.lineCount).toBe(3);
    expect(t.mounts).toHaveLength(1);
    expect(t.warnings).toEqual([]);
  });
});
