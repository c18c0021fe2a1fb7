import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMountinfo } from '../src/collect/parse/mountinfo.js';
import { parseProcCgroup } from '../src/collect/parse/proc-cgroup.js';
import { parseProcCgroups } from '../src/collect/parse/proc-cgroups.js';
import { ROOT } from './helpers.js';
import { scan } from '../src/scan.js';
import { MemHost } from '../src/host/mem-host.js';
import { RULES } from '../src/rules/index.js';

const CORPUS = path.join(ROOT, 'test', 'corpus');
const files = (dir: string) =>
  fs
    .readdirSync(path.join(CORPUS, dir))
    .sort()
    .map((f) => path.join(CORPUS, dir, f));

/**
 * Every file in test/corpus (see its README) parses: facts, or warnings naming file and line, never an
 * exception. `edge-*` files are malformed on purpose; the rest are real and must parse cleanly
 * (apart from the non-cgroup lines noted below).
 */
describe('corpus: mountinfo', () => {
  for (const f of files('mountinfo')) {
    it(path.basename(f), () => {
      const text = fs.readFileSync(f, 'utf8');
      const all = parseMountinfo(text, { path: path.basename(f), keep: () => true });
      const nonEmpty = text.split('\n').filter((l) => l.trim() !== '').length;
      expect(all.lineCount).toBe(nonEmpty);
      // Every line is either a mount or a warning naming its line.
      expect(all.mounts.length + all.warnings.length).toBe(nonEmpty);
      for (const w of all.warnings) expect(w.line).toBeGreaterThan(0);
      if (!path.basename(f).startsWith('edge-')) expect(all.warnings).toEqual([]);
      expect(() => parseMountinfo(text)).not.toThrow();
    });
  }
});

describe('corpus: /proc/<pid>/cgroup', () => {
  for (const f of files('proc-pid-cgroup')) {
    it(path.basename(f), () => {
      const text = fs.readFileSync(f, 'utf8');
      const r = parseProcCgroup(text, path.basename(f));
      const nonEmpty = text.split('\n').filter((l) => l.trim() !== '').length;
      expect(r.entries.length + r.warnings.filter((w) => /ignored/.test(w.message)).length).toBe(nonEmpty);
      if (!path.basename(f).startsWith('edge-')) expect(r.warnings).toEqual([]);
    });
  }
});

describe('corpus: /proc/cgroups', () => {
  for (const f of files('proc-cgroups')) {
    it(path.basename(f), () => {
      const r = parseProcCgroups(fs.readFileSync(f, 'utf8'), path.basename(f));
      if (!path.basename(f).startsWith('edge-')) {
        expect(r.warnings).toEqual([]);
        expect(r.controllers.length).toBeGreaterThan(0);
      }
    });
  }
});

const read = (dir: string, name: string) => fs.readFileSync(path.join(CORPUS, dir, name), 'utf8');

describe('corpus: what specific files must yield', () => {
  it('decodes \\040 \\011 \\012 \\134 escapes in paths', () => {
    const r = parseMountinfo(read('mountinfo', 'moby-sys-escapes-spaces-newline-tab.txt'), { keep: () => true });
    const points = r.mounts.map((m) => m.mountpoint);
    expect(points).toContain('/mnt/foo bar');
    expect(points).toContain('/tmp/newline\ntab\tspace backslash\\quote1\'quote2"');
  });

  it('keeps a raw carriage return inside a path as data', () => {
    const r = parseMountinfo(read('mountinfo', 'util-linux-libmount-old-fedora-cr-in-path.txt'), { keep: () => true });
    expect(r.mounts.map((m) => m.mountpoint)).toContain('/mnt/test/foo\rbar');
  });

  it('reads a cgroup mount root containing colons (a container view)', () => {
    const r = parseMountinfo(read('mountinfo', 'openjdk-k8s-colons-in-root-master.txt'));
    const mem = r.mounts.find((m) => m.mountpoint === '/sys/fs/cgroup/memory')!;
    expect(mem.root).toMatch(/kubepods-burstable-podf65e797d_d5f9_4604_9773_94f4bb9946a0\.slice:cri-containerd:86ac6260/);
    expect(mem.optionalFields).toEqual(['master:12']);
  });

  it('accepts any number of optional fields and extra super-option words', () => {
    const extra = parseMountinfo(read('mountinfo', 'edge-moby-sys-extra-optional-fields.txt'), { keep: () => true });
    expect(extra.mounts[0]!.optionalFields).toEqual(['shared:123', 'extra:tag', 'what:ever', 'key:value']);
    const tail = parseMountinfo(read('mountinfo', 'edge-moby-sys-extra-fields-at-the-end.txt'), { keep: () => true });
    expect(tail.mounts[0]!.superOptions).toEqual(['rw', 'unc=buggy but we cope']);
  });

  it('names the bad lines of a garbled file and keeps the good ones', () => {
    const r = parseMountinfo(read('mountinfo', 'edge-systemd-garbled.txt'), { path: 'garbled', keep: () => true });
    expect(r.mounts.map((m) => m.mountpoint)).toEqual(['/sys', '/one-good-entry']);
    expect(r.warnings.map((w) => w.line)).toEqual([2, 3, 4]);
  });

  it('rejects a bad device number with a named warning', () => {
    for (const f of ['edge-k8s-mount-utils-alpha-major.txt', 'edge-k8s-mount-utils-alpha-minor.txt', 'edge-k8s-mount-utils-empty-minor.txt']) {
      const r = parseMountinfo(read('mountinfo', f), { path: f, keep: () => true });
      expect(r.mounts).toEqual([]);
      expect(r.warnings[0]!.message).toMatch(/major:minor/);
    }
  });

  it('only cgroup and cgroup2 filesystems count as cgroup mounts', () => {
    const r = parseMountinfo(read('mountinfo', 'edge-automaxprocs-v2-plus-fake-fs.txt'));
    expect(r.mounts.map((m) => `${m.fstype} ${m.mountpoint}`)).toEqual(['cgroup2 /sys/fs/cgroup']);
  });

  it('takes /proc/<pid>/cgroup paths with colons whole', () => {
    const r = parseProcCgroup(read('proc-pid-cgroup', 'edge-gvisor-too-many-fields.txt'));
    expect(r.entries[0]!.path).toBe('/path:extra');
  });

  it('reads named hierarchies, co-mounted controllers and the unified line', () => {
    const r = parseProcCgroup(read('proc-pid-cgroup', 'datadog-hybrid-0-line-first.txt'));
    expect(r.entries.some((e) => e.unified)).toBe(true);
    expect(r.entries.some((e) => e.name === 'systemd')).toBe(true);
  });

  it('warns on non-numeric ids, missing paths and lines without colons', () => {
    expect(parseProcCgroup(read('proc-pid-cgroup', 'edge-procstats-non-integer-id.txt')).warnings[0]!.message).toMatch(/not a number/);
    expect(parseProcCgroup(read('proc-pid-cgroup', 'edge-procstats-missing-path-part.txt')).warnings[0]!.message).toMatch(/is not id:controllers:path/);
    expect(parseProcCgroup('4:memory:\n').warnings[0]!.message).toMatch(/empty cgroup path/);
    expect(parseProcCgroup(read('proc-pid-cgroup', 'edge-occg-malformed-input.txt')).warnings[0]!.line).toBe(1);
  });

  it('takes /proc/cgroups columns from the header, in any order', () => {
    const r = parseProcCgroups(read('proc-cgroups', 'edge-procstats-reordered-columns-trailing-space.txt'));
    expect(r.controllers.find((c) => c.name === 'cpuset')).toMatchObject({ hierarchy: 9, numCgroups: 42, enabled: true });
  });

  it('names a row with a missing column or a bad enabled value', () => {
    const missing = parseProcCgroups(read('proc-cgroups', 'edge-procstats-row-missing-column.txt'), 'proc/cgroups');
    expect(missing.warnings).toEqual([{ path: 'proc/cgroups', line: 3, message: '3 fields, expected 4; row ignored' }]);
    const bad = parseProcCgroups(read('proc-cgroups', 'edge-procstats-invalid-enabled-value.txt'), 'proc/cgroups');
    expect(bad.warnings).toEqual([{ path: 'proc/cgroups', line: 3, message: 'enabled "k" is not a number; row ignored' }]);
    expect(parseProcCgroups(read('proc-cgroups', 'elastic-docker-spaces-hugetlb-disabled.txt')).controllers.find((c) => c.name === 'hugetlb')!.enabled).toBe(false);
  });
});

describe('corpus: whole scans over every corpus file never throw', () => {
  const cgroups = files('proc-pid-cgroup');
  const counts = files('proc-cgroups');
  files('mountinfo').forEach((f, i) => {
    it(path.basename(f), () => {
      const tree = {
        'proc/self/mountinfo': fs.readFileSync(f, 'utf8'),
        'proc/1/comm': 'systemd\n',
        'proc/1/cgroup': fs.readFileSync(cgroups[i % cgroups.length]!, 'utf8'),
        'proc/7/comm': 'kubelet\n',
        'proc/7/cmdline': '/usr/bin/kubelet\0--cgroup-driver=systemd\0--kubelet-cgroups=/system.slice/kubelet.service\0',
        'proc/7/cgroup': fs.readFileSync(cgroups[(i + 1) % cgroups.length]!, 'utf8'),
        'proc/cgroups': fs.readFileSync(counts[i % counts.length]!, 'utf8'),
      };
      const r = scan(new MemHost(tree));
      expect(r.summary.rulesRun + r.summary.rulesSkipped).toBe(RULES.length);
      expect(r.skipped.filter((s) => /internal error/.test(s.reason))).toEqual([]);
    });
  });
});
