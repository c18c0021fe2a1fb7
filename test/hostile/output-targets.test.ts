import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, FIXTURES, ROOT, runCli, testTmp } from '../helpers.js';
import { writeOutput } from '../../src/cli/output.js';
import { DirHost } from '../../src/host/dir-host.js';
import { scan } from '../../src/scan.js';

/**
 * Where -o may point, and what must happen: a regular file is replaced atomically (through a
 * link, at the link's target), a device or pipe is written through, anything else is refused.
 * One row per target; `setup` builds it in the test's own temporary directory.
 */
const SEED = path.join(FIXTURES, 'seed-000-cpuset-empty-kubelet-metrics', 'root');
// The table's first line: the header's fields after the version are another change's to make.
const REPORT = /^cgdoctor \d+\.\d+\.\d+ {2}\S/;
const tmp = testTmp();

interface Row {
  /** Makes the target under `t` and returns the command line; undefined where it cannot be made here (mknod needs root): skipped. */
  setup: (t: string) => string[] | undefined;
  code: number;
  /** The whole of stderr; '' when absent. */
  stderr?: RegExp;
  env?: NodeJS.ProcessEnv;
  /** The target is a FIFO: a reader is started on it first, and gets `read`. */
  fifo?: string;
  check?: (t: string, r: { stdout: string; read: string }) => void;
}

const scanTo = (target: string, ...extra: string[]) => ['scan', '--root', SEED, '-o', target, ...extra];
const copyOfSeed = (t: string) => {
  const dir = path.join(t, 'tree');
  if (!fs.existsSync(dir)) fs.cpSync(SEED, dir, { recursive: true });
  return dir;
};
const refused = (why: string) => new RegExp(`^cgdoctor: --output [^\\n]*: ${why}[^\\n]*\\n$`);
const leftovers = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'));

const ROWS: Record<string, Row> = {
  'a symlink to a file: the file is replaced, the link and its mode stay': {
    setup: (t) => {
      fs.writeFileSync(path.join(t, 'real.txt'), 'old\n', { mode: 0o640 });
      fs.chmodSync(path.join(t, 'real.txt'), 0o640);
      fs.symlinkSync('real.txt', path.join(t, 'link'));
      return scanTo(path.join(t, 'link'));
    },
    code: 1,
    check: (t) => {
      expect(fs.lstatSync(path.join(t, 'link')).isSymbolicLink()).toBe(true);
      expect(fs.readFileSync(path.join(t, 'real.txt'), 'utf8')).toMatch(REPORT);
      expect(fs.statSync(path.join(t, 'real.txt')).mode & 0o777).toBe(0o640);
      expect(leftovers(t)).toEqual([]);
    },
  },
  'a chain of relative links into another directory': {
    setup: (t) => {
      fs.mkdirSync(path.join(t, 'sub'));
      fs.writeFileSync(path.join(t, 'sub', 'real.txt'), 'old\n');
      fs.symlinkSync('sub/real.txt', path.join(t, 'b'));
      fs.symlinkSync('b', path.join(t, 'a'));
      return scanTo(path.join(t, 'a'));
    },
    code: 1,
    check: (t) => {
      expect(fs.lstatSync(path.join(t, 'a')).isSymbolicLink() && fs.lstatSync(path.join(t, 'b')).isSymbolicLink()).toBe(true);
      expect(fs.readFileSync(path.join(t, 'sub', 'real.txt'), 'utf8')).toMatch(REPORT);
    },
  },
  'a dangling symlink: the file is made where it points': {
    setup: (t) => {
      fs.symlinkSync('made.txt', path.join(t, 'dangling'));
      return scanTo(path.join(t, 'dangling'));
    },
    code: 1,
    check: (t) => {
      expect(fs.lstatSync(path.join(t, 'dangling')).isSymbolicLink()).toBe(true);
      expect(fs.readFileSync(path.join(t, 'made.txt'), 'utf8')).toMatch(REPORT);
    },
  },
  'a symlink loop is refused': {
    setup: (t) => {
      fs.symlinkSync('loop2', path.join(t, 'loop1'));
      fs.symlinkSync('loop1', path.join(t, 'loop2'));
      return scanTo(path.join(t, 'loop1'));
    },
    code: 2,
    stderr: refused('too many levels of symbolic links'),
    check: (t) => expect(fs.lstatSync(path.join(t, 'loop1')).isSymbolicLink()).toBe(true),
  },
  'a directory is refused': {
    setup: (t) => {
      fs.mkdirSync(path.join(t, 'dir'));
      return scanTo(path.join(t, 'dir'));
    },
    code: 2,
    stderr: refused('is a directory'),
  },
  'a block device is refused': {
    // A node of our own (loop0's numbers) in the temporary directory, never a real /dev entry.
    setup: (t) => (spawnSync('mknod', [path.join(t, 'blk'), 'b', '7', '0']).status === 0 ? scanTo(path.join(t, 'blk')) : undefined),
    code: 2,
    stderr: refused('is a block device'),
    check: (t) => expect(fs.lstatSync(path.join(t, 'blk')).isBlockDevice()).toBe(true),
  },
  'a FIFO is written through, not replaced': {
    setup: (t) => {
      spawnSync('mkfifo', [path.join(t, 'fifo')]);
      return scanTo(path.join(t, 'fifo'));
    },
    fifo: 'fifo',
    code: 1,
    check: (t, r) => {
      expect(fs.lstatSync(path.join(t, 'fifo')).isFIFO()).toBe(true);
      expect(r.read).toMatch(REPORT);
    },
  },
  '/dev/null is written through and stays a device': {
    setup: () => scanTo('/dev/null'),
    code: 1,
    check: () => expect(fs.lstatSync('/dev/null').isCharacterDevice()).toBe(true),
  },
  '/dev/full: one line, exit 2, the device stays': {
    setup: () => scanTo('/dev/full'),
    code: 2,
    stderr: /^cgdoctor: --output \/dev\/full: no space left on device\n$/,
    check: () => expect(fs.lstatSync('/dev/full').isCharacterDevice()).toBe(true),
  },
  '/dev/stdout goes to stdout and stays a link': {
    setup: () => scanTo('/dev/stdout'),
    code: 1,
    check: (_t, r) => {
      expect(r.stdout).toMatch(REPORT);
      expect(fs.lstatSync('/dev/stdout').isSymbolicLink()).toBe(true);
    },
  },
  'a link of our own to /proc/self/fd/1 goes to stdout': {
    setup: (t) => {
      fs.symlinkSync('/proc/self/fd/1', path.join(t, 'out'));
      return scanTo(path.join(t, 'out'));
    },
    code: 1,
    check: (t, r) => {
      expect(r.stdout).toMatch(REPORT);
      expect(fs.lstatSync(path.join(t, 'out')).isSymbolicLink()).toBe(true);
    },
  },
  'inside the root through a symlink is refused': {
    setup: (t) => {
      fs.symlinkSync(copyOfSeed(t), path.join(t, 'rootlink'));
      return ['scan', '--root', copyOfSeed(t), '-o', path.join(t, 'rootlink', 'report.txt')];
    },
    code: 2,
    stderr: refused('is inside the scanned root'),
    check: (t) => expect(fs.existsSync(path.join(copyOfSeed(t), 'report.txt'))).toBe(false),
  },
  'a root given through a symlink still holds its real path': {
    setup: (t) => {
      fs.symlinkSync(copyOfSeed(t), path.join(t, 'rootlink2'));
      return ['scan', '--root', path.join(t, 'rootlink2'), '-o', path.join(copyOfSeed(t), 'report2.txt')];
    },
    code: 2,
    stderr: refused('is inside the scanned root'),
    check: (t) => expect(fs.existsSync(path.join(copyOfSeed(t), 'report2.txt'))).toBe(false),
  },
  'the --logs file the scan reads is refused': {
    setup: (t) => {
      fs.writeFileSync(path.join(t, 'kubelet.log'), 'a log line\n');
      return scanTo(path.join(t, 'kubelet.log'), '--logs', path.join(t, 'kubelet.log'));
    },
    code: 2,
    stderr: refused('is [^ ]*kubelet\\.log, an input of this run'),
    check: (t) => expect(fs.readFileSync(path.join(t, 'kubelet.log'), 'utf8')).toBe('a log line\n'),
  },
  'the --from capture the scan reads is refused': {
    setup: (t) => {
      const cap = path.join(t, 'node.tar.gz');
      expect(runCli(['capture', '--root', SEED, '-o', cap]).code).toBe(0);
      return ['scan', '--from', cap, '-o', cap];
    },
    code: 2,
    stderr: refused('is [^ ]*node\\.tar\\.gz, an input of this run'),
  },
  '--root /: under /proc is refused before the scan': {
    setup: () => ['scan', '--root', '/', '-o', '/proc/cgdoctor-test-report'],
    code: 2,
    stderr: refused('is under /proc'),
  },
  '--root /: under /sys is refused before the scan': {
    setup: () => ['scan', '--root', '/', '-o', '/sys/cgdoctor-test-report'],
    code: 2,
    stderr: refused('is under /sys'),
  },
  'capture through a symlink replaces the archive it names': {
    setup: (t) => {
      fs.writeFileSync(path.join(t, 'real.tar.gz'), 'old');
      fs.symlinkSync('real.tar.gz', path.join(t, 'link.tar.gz'));
      return ['capture', '--root', SEED, '-o', path.join(t, 'link.tar.gz')];
    },
    code: 0,
    stderr: /^cgdoctor: captured \d+ files .*\n$/,
    check: (t) => {
      expect(fs.lstatSync(path.join(t, 'link.tar.gz')).isSymbolicLink()).toBe(true);
      expect([...fs.readFileSync(path.join(t, 'real.tar.gz')).subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    },
  },
  'capture inside the root through a symlink is refused': {
    setup: (t) => {
      fs.symlinkSync(copyOfSeed(t), path.join(t, 'rootlink3'));
      return ['capture', '--root', copyOfSeed(t), '-o', path.join(t, 'rootlink3', 'node.tar.gz')];
    },
    code: 2,
    stderr: refused('is inside the scanned root'),
    check: (t) => expect(fs.existsSync(path.join(copyOfSeed(t), 'node.tar.gz'))).toBe(false),
  },
  'diff into either root through a symlink is refused': {
    setup: (t) => {
      fs.symlinkSync(copyOfSeed(t), path.join(t, 'rootlink4'));
      return ['diff', path.join(FIXTURES, 'healthy-v1-systemd', 'root'), copyOfSeed(t), '-o', path.join(t, 'rootlink4', 'diff.txt')];
    },
    code: 2,
    stderr: refused('is inside the scanned root'),
  },
  'FORCE_COLOR colours stdout only: a file gets no colour codes': {
    setup: (t) => scanTo(path.join(t, 'plain.txt')),
    env: { NO_COLOR: undefined, FORCE_COLOR: '1' },
    code: 1,
    check: (t) => expect(fs.readFileSync(path.join(t, 'plain.txt'), 'utf8')).not.toMatch(/\x1b/),
  },
  '--color colours a file when asked': {
    setup: (t) => scanTo(path.join(t, 'colour.txt'), '--color'),
    code: 1,
    check: (t) => expect(fs.readFileSync(path.join(t, 'colour.txt'), 'utf8')).toMatch(/\x1b\[31m/),
  },
};

/** Reads a FIFO in a child, so the test never blocks on it; killed if nothing ever opens it. */
function readFifo(file: string): () => Promise<string> {
  const cat = spawn('cat', [file], { stdio: ['ignore', 'pipe', 'ignore'] });
  let got = '';
  cat.stdout.on('data', (d: Buffer) => (got += d.toString()));
  const closed = new Promise<void>((resolve) => cat.on('close', () => resolve()));
  return async () => {
    const timer = setTimeout(() => cat.kill(), 2000);
    await closed;
    clearTimeout(timer);
    return got;
  };
}

describe('-o targets', () => {
  it.for(Object.entries(ROWS))('%s', async ([, row], ctx) => {
    const dir = fs.mkdtempSync(path.join(tmp(), 'case-'));
    const args = row.setup(dir);
    if (!args) return ctx.skip();
    const reader = row.fifo ? readFifo(path.join(dir, row.fifo)) : undefined;
    const r = runCli(args, row.env ?? {});
    const read = reader ? await reader() : '';
    expect(r.stderr).toMatch(row.stderr ?? /^$/);
    expect(r.code).toBe(row.code);
    row.check?.(dir, { stdout: r.stdout, read });
  });
});

describe('standard output', () => {
  const args = ['scan', '--root', SEED];

  it('> /dev/full: one line, exit 2', () => {
    const fd = fs.openSync('/dev/full', 'w');
    try {
      const r = runCli(args, {}, ROOT, { stdout: fd });
      expect([r.code, r.stderr]).toEqual([2, 'cgdoctor: cannot write to standard output: no space left on device\n']);
    } finally {
      fs.closeSync(fd);
    }
  });

  it('--help > /dev/full: one line, exit 2', () => {
    const fd = fs.openSync('/dev/full', 'w');
    try {
      const r = runCli(['--help'], {}, ROOT, { stdout: fd });
      expect([r.code, r.stderr]).toEqual([2, 'cgdoctor: cannot write to standard output: no space left on device\n']);
    } finally {
      fs.closeSync(fd);
    }
  });

  it('a pipe closed before the report (EPIPE) is quiet and keeps the exit code', async () => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect([code, stderr]).toEqual([1, '']);
  });

  it("| head -1 gets the first line, and the exit code is the scan's", () => {
    const r = spawnSync('bash', ['-c', 'node "$0" scan --root "$1" | head -1; exit "${PIPESTATUS[0]}"', BIN, SEED], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect([r.status, r.stderr]).toEqual([1, '']);
    expect(r.stdout).toMatch(/^cgdoctor \d+\.\d+\.\d+ {2}\S.*\n$/);
  });
});

describe('on the live node, never over a file the scan read', () => {
  it('DirHost remembers the files it opened outside proc/ and sys/, as real paths', () => {
    const root = fs.mkdtempSync(path.join(tmp(), 'live-'));
    fs.cpSync(SEED, root, { recursive: true });
    const host = new DirHost(root);
    scan(host);
    expect(host.readPaths).toContain(path.join(root, 'etc/systemd/system/kubelet.service'));
    expect([...host.readPaths].filter((p) => p.startsWith(`${root}/proc/`) || p.startsWith(`${root}/sys/`))).toEqual([]);
  });

  it('writeOutput refuses a path the guard says was read, and leaves it as it was', async () => {
    const file = path.join(fs.mkdtempSync(path.join(tmp(), 'read-')), 'status');
    fs.writeFileSync(file, 'Package: kubelet\n');
    const real = fs.realpathSync(file);
    await expect(writeOutput('report', file, { roots: ['/'], read: (p) => p === real })).rejects.toThrow(/the scan read this file/);
    expect(fs.readFileSync(file, 'utf8')).toBe('Package: kubelet\n');
  });

  it('writeOutput refuses /dev but for devices and pipes on the live node', async () => {
    await expect(writeOutput('report', '/dev/cgdoctor-test-report', { roots: ['/'] })).rejects.toThrow(/is under \/dev of the live node/);
    expect(fs.existsSync('/dev/cgdoctor-test-report')).toBe(false);
    await expect(writeOutput('report', '/dev/null', { roots: ['/'] })).resolves.toBeUndefined();
  });
});
