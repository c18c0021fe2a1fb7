import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirHost } from '../src/host/dir-host.js';
import { MemHost } from '../src/host/mem-host.js';
import type { Host } from '../src/host/host.js';

let tmp: string;
const BYTES = Buffer.from(Array.from({ length: 300 }, (_, i) => i & 0xff));

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cgdoctor-ranges-'));
  fs.mkdirSync(path.join(tmp, 'usr/bin'), { recursive: true });
  fs.writeFileSync(path.join(tmp, 'usr/bin/tool'), BYTES);
  execFileSync('mkfifo', [path.join(tmp, 'usr/bin/fifo')]);
  // A container's root under proc/<pid>/root, and the node's file at the same path beside it.
  const roots: [string, string][] = [
    ['proc/42/root', 'container'],
    ['', 'node'],
  ];
  for (const [root, says] of roots) {
    fs.mkdirSync(path.join(tmp, root, 'usr/lib/jvm/j'), { recursive: true });
    fs.writeFileSync(path.join(tmp, root, 'usr/lib/jvm/j/release'), `${says}\n`);
  }
  fs.mkdirSync(path.join(tmp, 'proc/42/root/opt'), { recursive: true });
  fs.symlinkSync('/usr/lib/jvm/j', path.join(tmp, 'proc/42/root/opt/jdk'));
  fs.symlinkSync('../../../../../usr/lib/jvm/j', path.join(tmp, 'proc/42/root/opt/up'));
  // What the kernel shows as proc/<pid>/root is a link to "/": outside procfs it is an ordinary link.
  fs.mkdirSync(path.join(tmp, 'proc/7'), { recursive: true });
  fs.symlinkSync('/', path.join(tmp, 'proc/7/root'));
});

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const mem = () =>
  new MemHost({
    'usr/bin/tool': BYTES,
    'proc/42/root/usr/lib/jvm/j/release': 'container\n',
    'usr/lib/jvm/j/release': 'node\n',
    'proc/42/root/opt/jdk': { link: '/usr/lib/jvm/j' },
    'proc/42/root/opt/up': { link: '../../../../../usr/lib/jvm/j' },
    'proc/7/root': { link: '/' },
  });

describe.each([
  ['DirHost', () => new DirHost(tmp) as Host],
  ['MemHost', mem],
])('%s readRange', (_, host) => {
  it('reads the bytes asked for, fewer at the end of the file, none past it', () => {
    const h = host();
    expect(h.readRange('usr/bin/tool', 10, 4)).toEqual({ ok: true, bytes: BYTES.subarray(10, 14), truncated: false });
    expect(h.readRange('usr/bin/tool', 290, 64)).toEqual({ ok: true, bytes: BYTES.subarray(290), truncated: false });
    expect(h.readRange('usr/bin/tool', 400, 64)).toEqual({ ok: true, bytes: Buffer.alloc(0), truncated: false });
    expect(h.readRange('usr/bin/none', 0, 64)).toMatchObject({ ok: false, reason: 'missing' });
  });

  it("resolves a process's absolute links inside proc/<pid>/root, and stops .. there", () => {
    const h = host();
    expect(h.read('proc/42/root/opt/jdk/release')).toMatchObject({ ok: true, text: 'container\n' });
    expect(h.read('proc/42/root/opt/up/release')).toMatchObject({ ok: true, text: 'container\n' });
    // Outside procfs, proc/7/root -> / is the scanned tree's root, never the scanning machine's.
    expect(h.read('proc/7/root/usr/lib/jvm/j/release')).toMatchObject({ ok: true, text: 'node\n' });
    expect(h.read('proc/7/root/etc/hostname').ok).toBe(false);
  });
});

describe('ranges', () => {
  it('refuses a FIFO', () => {
    expect(new DirHost(tmp).readRange('usr/bin/fifo', 0, 16)).toMatchObject({ ok: false, reason: 'not-a-file' });
  });

  it('answers from the parts of a file a capture kept, and nothing else', () => {
    const h = new MemHost({ 'usr/bin/kubelet': { parts: [{ offset: 100, length: 64, bytes: BYTES.subarray(100, 164) }] } });
    expect(h.readRange('usr/bin/kubelet', 110, 8)).toEqual({ ok: true, bytes: BYTES.subarray(110, 118), truncated: false });
    expect(h.readRange('usr/bin/kubelet', 0, 8)).toEqual({ ok: false, reason: 'error', detail: 'only parts of this file are in the capture' });
    expect(h.readRange('usr/bin/kubelet', 150, 32)).toMatchObject({ ok: false, reason: 'error' });
    expect(h.read('usr/bin/kubelet')).toMatchObject({ ok: false, reason: 'error' });
    expect(h.stat('usr/bin/kubelet')).toEqual({ ok: true, type: 'file' });
  });

  it('reads through the magic proc/<pid>/root of a live procfs into the process root', () => {
    // This process's root is the machine's, so this shows only that the link is followed on a live
    // procfs; test/system/versions.test.ts reads a file only a mount namespace shows through it.
    const live = new DirHost('/');
    const direct = live.read('etc/hostname');
    const via = live.read(`proc/${process.pid}/root/etc/hostname`);
    expect(via).toEqual(direct);
    expect(via.ok).toBe(true);
  });
});
