import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseMountinfo, MountinfoParser } from '../src/collect/parse/mountinfo.js';
import { parseProcCgroup } from '../src/collect/parse/proc-cgroup.js';
import { parseProcCgroups } from '../src/collect/parse/proc-cgroups.js';
import { parseCmdline } from '../src/collect/parse/cmdline.js';
import { parseUnitFile, parseEnvFile, splitWords } from '../src/collect/parse/systemd-unit.js';
import { parseKubeletConfig } from '../src/collect/parse/kubelet-config.js';
import { parseTomlFile, dockerDriver } from '../src/collect/parse/runtime-config.js';
import { parseFlags } from '../src/collect/parse/kubelet-flags.js';
import { formatCpuList, parseCpuList, parseCpuMax, parseMax } from '../src/collect/parse/control-values.js';
import { decide, readExecCommand } from '../src/collect/parse/exec-command.js';
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { sqliteTable } from '../src/collect/parse/sqlite.js';
import { bdbHashValues } from '../src/collect/parse/bdb-hash.js';
import { ndbBlobs } from '../src/collect/parse/rpm-ndb.js';
import { parseRpmHeader } from '../src/collect/parse/rpm-header.js';
import { readGoBuildInfo } from '../src/collect/parse/go-buildinfo.js';
import { parseJavaRelease } from '../src/collect/parse/java-release.js';
import { parseVersion } from '../src/collect/parse/version.js';
import { goBinary } from '../scripts/go-elf.mjs';

// A fixed seed keeps `npm test` deterministic; `npm run fuzz` explores further.
const RUNS = { numRuns: 300, seed: 20261125 };

/** Arbitrary text, including NULs, CRs, invalid surrogates and long runs: what a node can hand us. */
const hostile = fc.oneof(
  fc.string({ maxLength: 400 }),
  fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b).toString('utf8')),
  fc.array(fc.constantFrom('0', ':', '-', ' ', '\n', '\t', '\\', '/', 'cgroup', 'name=', '\0', '=', '"', "'", '[', '#'), { maxLength: 200 }).map((a) => a.join('')),
);

describe('every parser returns facts and warnings, never an exception, on arbitrary input', () => {
  it.each([
    ['mountinfo', (t: string) => parseMountinfo(t, { keep: () => true })],
    ['/proc/<pid>/cgroup', (t: string) => parseProcCgroup(t)],
    ['/proc/cgroups', (t: string) => parseProcCgroups(t)],
    ['cmdline', (t: string) => parseCmdline(t)],
    ['systemd unit', (t: string) => parseUnitFile(t, 'u')],
    ['env file', (t: string) => parseEnvFile(t, 'e')],
    ['kubelet config', (t: string) => parseKubeletConfig(t, 'c')],
    ['TOML', (t: string) => parseTomlFile(t, 't')],
    ['docker JSON', (t: string) => dockerDriver(t, 'd')],
    ['kubelet flags', (t: string) => parseFlags(t.split(' ').map((value) => ({ value, source: { path: 'p', line: 1 } })))],
    ['CPU list', (t: string) => parseCpuList(t)],
    ['max', (t: string) => parseMax(t)],
    ['cpu.max', (t: string) => parseCpuMax(t)],
    ['ExecStartPre= value', (t: string) => readExecCommand(t, { unit: 'kubelet.service' })],
    ['JDK release file', (t: string) => parseJavaRelease(t, 'r')],
    ['version', (t: string) => parseVersion(t)],
    [
      'ExecStartPre= shell script, decided',
      (t: string) => {
        const r = readExecCommand(`/bin/bash -euc "${t.replace(/["\\]/g, '\\$&')}"`);
        for (const m of r.mkdirs) decide(r, m, (p) => (p.length % 2 === 0 ? 'dir' : 'absent'));
      },
    ],
  ])('%s', (_name, parse) => {
    fc.assert(
      fc.property(hostile, (t) => {
        parse(t);
      }),
      RUNS,
    );
  });
});

/**
 * The binary readers on real files with bytes changed and cut at random: each returns what it
 * read or a reason, never throws, and never reads past what it was given.
 */
describe('the binary readers survive damaged real files', () => {
  const corpus = (...p: string[]) => new Uint8Array(fs.readFileSync(nodePath.join(import.meta.dirname, 'corpus', ...p)));
  const elf = goBinary('go1.21.5', {
    path: 'k8s.io/kubernetes/cmd/kubelet',
    main: ['k8s.io/kubernetes', '(devel)', ''],
    settings: [['-ldflags', "-X 'k8s.io/component-base/version.gitVersion=v1.29.0'"]],
  });
  const damaged = (file: Uint8Array) =>
    fc.record({ flips: fc.array(fc.tuple(fc.nat(file.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 12 }), cut: fc.nat(file.length) }).map(({ flips, cut }) => {
      const b = new Uint8Array(file.subarray(0, Math.max(cut, Math.floor(file.length / 2))));
      for (const [at, v] of flips) if (at < b.length) b[at] = v;
      return b;
    });
  const headers = (vs: Uint8Array[] | string) => (typeof vs === 'string' ? vs : vs.map((v) => parseRpmHeader(v)));
  it.each([
    [
      'SQLite (rpmdb.sqlite)',
      corpus('rpmdb', 'rpm418.rpmdb.sqlite'),
      (b: Uint8Array) => {
        const t = sqliteTable(b, 'Packages');
        if (typeof t !== 'string') for (const r of t.rows) if (r.values[1] instanceof Uint8Array) parseRpmHeader(r.values[1]);
      },
    ],
    ['Berkeley DB Packages', corpus('rpmdb', 'rhel8-libuuid.Packages'), (b: Uint8Array) => headers(bdbHashValues(b))],
    ['ndb Packages.db', corpus('rpmdb', 'rpm418.Packages.db'), (b: Uint8Array) => headers(ndbBlobs(b))],
    ['ELF with Go build information', elf, (b: Uint8Array) => readGoBuildInfo((o, n) => (o < b.length ? b.subarray(o, o + n) : undefined))],
  ] as const)('%s', (_name, file, read) => {
    fc.assert(
      fc.property(damaged(file), (b) => {
        read(b);
      }),
      { numRuns: 200, seed: 20261203 },
    );
  });
});

it('the ExecStartPre= reader follows or declines shell-like soup, never throws, and decides every mkdir', () => {
  const token = fc.constantFrom(
    'if',
    'then',
    'elif',
    'else',
    'fi',
    '[',
    ']',
    '[[',
    ']]',
    'test',
    '!',
    '-d',
    '-f',
    '-e',
    '-a',
    '-o',
    '=',
    '/sys/fs/cgroup/cpuset',
    '/sys/fs/cgroup/x/y',
    'mkdir',
    '-p',
    '&&',
    '||',
    ';',
    '\n',
    '|',
    '&',
    '{',
    '}',
    '(',
    ')',
    '"',
    "'",
    '$x',
    '${y}',
    '$(z)',
    '`w`',
    '{a,b}',
    '{1..3}',
    'exit',
    'set',
    '-e',
    'for',
    'do',
    'done',
    '2>/dev/null',
    '<<',
    '#',
    'true',
    'false',
    ':',
    'echo',
    '\\',
  );
  fc.assert(
    fc.property(fc.array(token, { maxLength: 40 }), fc.constantFrom('sh', 'bash'), (toks, shell) => {
      const r = readExecCommand(`/bin/${shell} -c '${toks.join(' ').replaceAll("'", '"')}'`);
      for (const m of r.mkdirs) decide(r, m, (p) => (p.includes('cpuset') ? 'dir' : 'absent'));
    }),
    RUNS,
  );
});

const word = fc.stringMatching(/^[a-z0-9_.-]{1,12}$/);
const path = fc.array(fc.oneof(word, fc.constantFrom('with space', 'tab\there', 'back\\slash', 'colon:x')), { minLength: 0, maxLength: 4 }).map((p) => `/${p.join('/')}`);
const escapeOctal = (s: string) => s.replace(/\\/g, '\\134').replace(/ /g, '\\040').replace(/\t/g, '\\011').replace(/\n/g, '\\012');

describe('round trips', () => {
  it('mountinfo: rendered lines parse back to the same mounts, in any chunking', () => {
    const mount = fc.record({
      id: fc.nat(99999),
      parent: fc.nat(99999),
      major: fc.nat(999),
      minor: fc.nat(999),
      root: path,
      mountpoint: path,
      optional: fc.array(fc.constantFrom('shared:1', 'master:7', 'propagate_from:2', 'unbindable'), { maxLength: 3 }),
      fstype: fc.constantFrom('cgroup', 'cgroup2', 'tmpfs', 'ext4'),
      source: fc.oneof(word, path),
      opts: fc.array(fc.constantFrom('rw', 'cpu', 'cpuacct', 'name=systemd', 'nsdelegate', 'memory'), { minLength: 1, maxLength: 4 }),
    });
    fc.assert(
      fc.property(fc.array(mount, { minLength: 1, maxLength: 8 }), fc.nat(2000), (ms, cut) => {
        const text = ms
          .map((m) =>
            [
              m.id,
              m.parent,
              `${m.major}:${m.minor}`,
              escapeOctal(m.root),
              escapeOctal(m.mountpoint),
              'rw,relatime',
              ...m.optional,
              '-',
              m.fstype,
              escapeOctal(m.source),
              m.opts.join(','),
            ].join(' '),
          )
          .join('\n');
        const whole = parseMountinfo(text, { keep: () => true });
        expect(whole.warnings).toEqual([]);
        expect(whole.mounts.map((m) => [m.id, m.root, m.mountpoint, m.optionalFields, m.fstype, m.source, m.superOptions])).toEqual(
          ms.map((m) => [m.id, m.root, m.mountpoint, m.optional, m.fstype, m.source, m.opts]),
        );
        const c = cut % (text.length + 1);
        const streamed = new MountinfoParser({ keep: () => true }).push(text.slice(0, c)).push(text.slice(c)).end();
        expect(streamed.mounts).toEqual(whole.mounts);
      }),
      RUNS,
    );
  });

  it('/proc/<pid>/cgroup: rendered lines parse back, colons in paths included', () => {
    const entry = fc.record({
      id: fc.nat(20),
      ctrls: fc.array(fc.constantFrom('cpu', 'cpuacct', 'memory', 'name=systemd', 'pids'), { maxLength: 3 }),
      path: path.filter((p) => p !== ''),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 12 }), (es) => {
        const r = parseProcCgroup(es.map((e) => `${e.ctrls.length === 0 ? 0 : e.id}:${e.ctrls.join(',')}:${e.path}`).join('\n'));
        expect(r.warnings.filter((w) => /ignored/.test(w.message))).toEqual([]);
        expect(r.entries.map((e) => e.path)).toEqual(es.map((e) => e.path));
      }),
      RUNS,
    );
  });

  it('/proc/cgroups: rows in any column order parse back', () => {
    const row = fc.record({ name: word, h: fc.nat(20), n: fc.nat(70000), en: fc.boolean() });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 14 }), fc.boolean(), (rows, swap) => {
        const head = swap ? '#subsys_name\thierarchy\tenabled\tnum_cgroups' : '#subsys_name\thierarchy\tnum_cgroups\tenabled';
        const text = [head, ...rows.map((r) => (swap ? [r.name, r.h, r.en ? 1 : 0, r.n] : [r.name, r.h, r.n, r.en ? 1 : 0]).join('\t'))].join('\n');
        expect(parseProcCgroups(text).controllers.map((c) => [c.name, c.hierarchy, c.numCgroups, c.enabled])).toEqual(rows.map((r) => [r.name, r.h, r.n, r.en]));
      }),
      RUNS,
    );
  });

  it('cmdline: NUL-joined arguments split back', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string().filter((s) => !s.includes('\0')),
          { maxLength: 10 },
        ),
        (args) => {
          expect(parseCmdline(args.length === 0 ? '' : `${args.join('\0')}\0`)).toEqual(args);
        },
      ),
      RUNS,
    );
  });

  it('systemd words: quoted words split back', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ minLength: 1 }).filter((s) => !/["\\]/.test(s)),
          { maxLength: 6 },
        ),
        (ws) => {
          expect(splitWords(ws.map((w) => `"${w}"`).join(' ')).map((w) => w.text)).toEqual(ws);
        },
      ),
      RUNS,
    );
  });

  it('CPU lists: the kernel rendering parses back to the same set', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(255), { maxLength: 40 }), (cpus) => {
        const r = parseCpuList(formatCpuList(cpus));
        expect('cpus' in r && r.cpus).toEqual([...new Set(cpus)].sort((a, b) => a - b));
      }),
      RUNS,
    );
  });

  it('max and cpu.max values parse back', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constant('max' as const), fc.nat()), fc.integer({ min: 1000, max: 1000000 }), (q, period) => {
        expect(parseMax(String(q))).toEqual({ value: q });
        expect(parseCpuMax(`${q} ${period}`)).toEqual({ quota: q, period });
      }),
      RUNS,
    );
  });
});
