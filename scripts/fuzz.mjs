#!/usr/bin/env node
// npm run fuzz -- [--seconds N] [--cases N] [--seed S] [--keep]
// Mutates copies of the fixture trees (truncated files, flipped bytes, NULs, invalid UTF-8, 1 MB
// lines, deep directories, dangling and looping links, FIFOs, files and directories swapped) and
// runs the whole CLI on each: it must exit 0, 1 or 2, print no stack trace, and finish in bounded
// time and memory. The seed is printed; `--seed S` replays a run case for case.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { prng } from './prng.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'cgdoctor.js');
const args = process.argv.slice(2);
const opt = (n, d) => {
  const i = args.indexOf(`--${n}`);
  return i >= 0 ? args[i + 1] : d;
};
const seconds = Number(opt('seconds', 60));
const maxCases = Number(opt('cases', Infinity));
const seed = Number(opt('seed', Date.now() % 1_000_000_000));
const keep = args.includes('--keep');
const TIMEOUT_MS = 60_000;
const MAX_RSS_MIB = 512;

const fixtures = fs
  .readdirSync(path.join(ROOT, 'fixtures'))
  .filter((n) => fs.existsSync(path.join(ROOT, 'fixtures', n, 'root')))
  .sort();
function walk(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push(p);
  }
  return out;
}
const _dirsOf = (files) => [...new Set(files.map((f) => path.dirname(f)))];

const MUTATIONS = {
  truncate: (r, f) => fs.truncateSync(f, Math.floor(r() * fs.statSync(f).size)),
  flip: (r, f) => {
    const b = fs.readFileSync(f);
    for (let i = 0; i < 1 + Math.floor(r() * 8) && b.length > 0; i++) b[Math.floor(r() * b.length)] ^= 1 << Math.floor(r() * 8);
    fs.writeFileSync(f, b);
  },
  nul: (r, f) => {
    const b = fs.readFileSync(f);
    const at = Math.floor(r() * (b.length + 1));
    fs.writeFileSync(f, Buffer.concat([b.subarray(0, at), Buffer.alloc(1 + Math.floor(r() * 4)), b.subarray(at)]));
  },
  utf8: (r, f) => {
    const b = fs.readFileSync(f);
    const at = Math.floor(r() * (b.length + 1));
    fs.writeFileSync(f, Buffer.concat([b.subarray(0, at), Buffer.from([0xff, 0xfe, 0x80, 0xc3, 0x28, 0xed, 0xa0, 0x80]), b.subarray(at)]));
  },
  hugeLine: (r, f) => fs.appendFileSync(f, `${'x'.repeat(1024 * 1024)}${r() < 0.5 ? '\n' : ''}`),
  deepDirs: (_r, f) => {
    let d = path.dirname(f);
    for (let i = 0; i < 150; i++) d = path.join(d, `d${i}`);
    fs.mkdirSync(d, { recursive: true });
    fs.writeFileSync(path.join(d, 'cgroup.procs'), '1\n');
  },
  dangling: (r, f) => {
    fs.rmSync(f);
    fs.symlinkSync(r() < 0.5 ? '/nonexistent/target' : 'missing-sibling', f);
  },
  loop: (_r, f) => {
    fs.rmSync(f);
    const other = `${f}.loop`;
    fs.symlinkSync(path.basename(other), f);
    fs.symlinkSync(path.basename(f), other);
  },
  fifo: (_r, f) => {
    fs.rmSync(f);
    spawnSync('mkfifo', [f]);
  },
  fileToDir: (_r, f) => {
    fs.rmSync(f);
    fs.mkdirSync(f);
    fs.writeFileSync(path.join(f, 'inner'), 'x');
  },
  dirToFile: (_r, f, root) => {
    const d = path.dirname(f);
    if (d === root) return;
    fs.rmSync(d, { recursive: true });
    fs.writeFileSync(d, 'not a directory\n');
  },
  linkOut: (r, f) => {
    fs.rmSync(f);
    fs.symlinkSync(r() < 0.5 ? '/etc/hostname' : '../../../../../../../../etc/hostname', f);
  },
};
const names = Object.keys(MUTATIONS);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cgdoctor-fuzz-'));
const rand = prng(seed);
const start = Date.now();
let cases = 0;
let peak = 0;
const failures = [];
console.log(`fuzz: seed ${seed}, budget ${seconds} s${Number.isFinite(maxCases) ? `, at most ${maxCases} cases` : ''}`);
while (Date.now() - start < seconds * 1000 && cases < maxCases) {
  const fixture = fixtures[Math.floor(rand() * fixtures.length)];
  const dir = path.join(work, `case-${cases}`);
  fs.cpSync(path.join(ROOT, 'fixtures', fixture, 'root'), dir, { recursive: true });
  const applied = [];
  const n = 1 + Math.floor(rand() * 3);
  for (let i = 0; i < n; i++) {
    const files = walk(dir);
    if (files.length === 0) break;
    // Favour the files scans read most: proc, units, configs and cgroup control files.
    const f = files[Math.floor(rand() * files.length)];
    const m = names[Math.floor(rand() * names.length)];
    try {
      MUTATIONS[m](rand, f, dir);
      applied.push(`${m} ${path.relative(dir, f)}`);
    } catch {
      // a mutation that does not apply to this file is skipped
    }
  }
  const format = ['json', 'table', 'sarif', 'junit', 'prom', 'markdown'][Math.floor(rand() * 6)];
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, BIN, 'scan', '--root', dir, '--format', format], {
    encoding: 'utf8',
    timeout: TIMEOUT_MS,
    maxBuffer: 256 << 20,
  });
  const lines = r.stderr.trim().split('\n');
  const rssMiB = Number(lines.pop()) / 1024;
  const stderr = lines.join('\n');
  peak = Math.max(peak, rssMiB || 0);
  const problems = [];
  if (r.error?.code === 'ETIMEDOUT' || r.signal) problems.push(`no exit within ${TIMEOUT_MS / 1000} s (${r.signal ?? r.error?.code})`);
  else if (![0, 1, 2].includes(r.status)) problems.push(`exit ${r.status}`);
  if (/\n\s+at /.test(stderr) || /internal error/.test(stderr) || /internal error/.test(r.stdout)) problems.push(`stack trace or internal error: ${stderr.slice(0, 300)}`);
  if (rssMiB > MAX_RSS_MIB) problems.push(`peak RSS ${rssMiB.toFixed(0)} MiB`);
  if (problems.length > 0) {
    failures.push({ case: cases, fixture, applied, format, problems, dir });
    console.log(`FAIL case ${cases} (${fixture}; ${applied.join('; ')}; --format ${format}): ${problems.join('; ')}`);
  } else if (!keep) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  cases++;
}
console.log(`fuzz: ${cases} cases in ${((Date.now() - start) / 1000).toFixed(0)} s, ${failures.length} failures, peak RSS ${peak.toFixed(0)} MiB, seed ${seed}`);
if (failures.length > 0) {
  console.log(`replay: npm run fuzz -- --seed ${seed} --cases ${failures[failures.length - 1].case + 1} --keep   (trees kept under ${work})`);
  process.exit(1);
}
if (!keep) fs.rmSync(work, { recursive: true, force: true });
