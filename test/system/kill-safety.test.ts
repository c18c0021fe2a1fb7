import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';
import { expect, it } from 'vitest';
import { JOURNAL_DIR, Run, replayDead } from './lib/journal.js';
import { changes, markedProcesses, snapshot } from './lib/machine.js';
import { buildDaemons, procCgroupLine } from './lib/support.js';
import { cannot } from './cases.js';

/**
 * A run killed with SIGKILL is undone by the next one. The victim (victim.ts) makes one of each
 * kind of thing the cases make and is killed at chosen journal lines (right after the line, before
 * its thing exists), when it has made everything, and at moments nobody chose (mid-mkdir,
 * mid-mount, mid-runc). Then what every run does first, replaying dead runs' journals, must leave
 * the machine exactly as it was, with no process of the victim's alive.
 */

const here = path.dirname(fileURLToPath(import.meta.url));

interface Killed {
  id: string;
  lines: number;
  said: string[];
  /** From the start to the line the kill waited for. */
  ms: number;
}

async function killVictim(script: string, bin: string, o: { stopAt?: number; afterMs?: number }): Promise<Killed> {
  const t0 = Date.now();
  const child = spawn(process.execPath, [script, String(o.stopAt ?? 0), bin], { stdio: ['ignore', 'pipe', 'pipe'] });
  const said: string[] = [];
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = o.afterMs !== undefined ? setTimeout(resolve, o.afterMs) : setTimeout(() => reject(new Error(`victim said nothing in 60 s: ${said.join(' | ')} ${err}`)), 60_000);
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
        said.push(buf.slice(0, i));
        buf = buf.slice(i + 1);
        if (o.afterMs === undefined && /^(STOPPED|READY) /.test(said.at(-1)!)) {
          clearTimeout(timer);
          resolve();
        }
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (o.afterMs === undefined) reject(new Error(`victim exited (${code}) before it was killed: ${said.join(' | ')} ${err}`));
      else resolve();
    });
  });
  const ms = Date.now() - t0;
  child.kill('SIGKILL');
  // Reaped: it is this process's child, and a zombie's journal looks alive until then.
  await exited;
  const id = said.find((s) => s.startsWith('RUN '))?.slice(4) ?? '';
  const last = said.findLast((s) => /^(STOPPED|READY) /.test(s));
  return { id, lines: last ? Number(last.split(' ')[1]) : -1, said, ms };
}

it('a run killed with SIGKILL at any moment is undone by the next run, leaving nothing behind', async (ctx) => {
  const why = cannot(['root', 'gcc', 'unshare', 'writable']);
  if (why) return ctx.skip(why);
  const start = snapshot();
  const run = Run.start();
  try {
    const dir = run.tempDir('victim');
    const built = buildDaemons(dir, ['kubelet', 'mirror-agent', 'pause']);
    if ('missing' in built) return ctx.skip(built.missing);
    const script = path.join(dir, 'victim.mjs');
    await build({ input: path.join(here, 'victim.ts'), platform: 'node', logLevel: 'silent', output: { file: script, format: 'esm' } });

    const check = async (what: string, o: { stopAt?: number; afterMs?: number }): Promise<Killed> => {
      const before = snapshot();
      const k = await killVictim(script, built.bin, o);
      const journal = path.join(JOURNAL_DIR, `${k.id}.jsonl`);
      if (k.id !== '') expect(fs.existsSync(journal), `${what}: the victim's journal is there after the kill`).toBe(true);
      const written = fs.existsSync(journal) ? fs.readFileSync(journal, 'utf8').split('\n').filter(Boolean).length : 0;
      const r = replayDead();
      expect(r.problems, what).toEqual([]);
      if (k.id !== '') {
        expect(
          r.cleaned.map((c) => c.id),
          what,
        ).toContain(k.id);
        expect(fs.existsSync(journal), what).toBe(false);
        expect(markedProcesses(k.id), what).toEqual([]);
      }
      expect(changes(before, snapshot()), `${what}: left behind`).toEqual([]);
      process.stdout.write(`kill safety: ${what} (${k.id ? `run ${k.id}, ${written} journal lines written` : 'before its journal'}): undone\n`);
      return k;
    };

    // Everything made: the kill must leave all of it (or the test proves nothing), then none.
    const before = snapshot();
    const full = await killVictim(script, built.bin, {});
    expect(full.said.filter((s) => s.startsWith('CONTAINER '))).toEqual([]);
    const ops = fs
      .readFileSync(path.join(JOURNAL_DIR, `${full.id}.jsonl`), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { op: string }).op);
    expect(ops).toHaveLength(full.lines);
    const left = changes(before, snapshot());
    expect(left.some((c) => c.includes(`cgroup added: `) && c.includes(`cgdoctor-systest-${full.id}`))).toBe(true);
    expect(left.some((c) => c.includes(`name=cgdsys${full.id}`))).toBe(true);
    expect(procCgroupLine('self', `name=cgdsys${full.id}`)).toBeDefined();
    expect(markedProcesses(full.id).length).toBeGreaterThanOrEqual(3);
    const r = replayDead();
    expect(r.problems).toEqual([]);
    expect(r.cleaned.find((c) => c.id === full.id)?.entries).toBe(full.lines - 1);
    expect(changes(before, snapshot())).toEqual([]);
    expect(markedProcesses(full.id)).toEqual([]);
    const kinds = [...new Set(ops)].join(', ');
    process.stdout.write(`kill safety: killed when all was made (${full.lines} journal lines of ${kinds}; ${left.length} changes to the machine; ${full.ms} ms): undone\n`);

    // Stopped right after a journal line, before its thing exists: the first and last line of
    // each kind, and the very last.
    const at = new Set<number>([ops.length]);
    for (const op of new Set(ops)) {
      at.add(ops.indexOf(op) + 1);
      at.add(ops.lastIndexOf(op) + 1);
    }
    for (const n of [...at].sort((a, b) => a - b)) {
      const k = await check(`stopped at journal line ${n} of ${ops.length} (${ops[n - 1]})`, { stopAt: n });
      expect(k.lines).toBe(n);
    }
    // Killed wherever it happens to be, across the time it takes to make everything.
    for (const f of [0.15, 0.35, 0.5, 0.65, 0.8, 0.95]) await check(`killed after ${Math.round(full.ms * f)} ms`, { afterMs: Math.round(full.ms * f) });
  } finally {
    const problems = run.cleanup();
    expect(problems).toEqual([]);
    expect(changes(start, snapshot())).toEqual([]);
    expect(markedProcesses()).toEqual([]);
  }
});
