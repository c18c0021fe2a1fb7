#!/usr/bin/env node
// npm run bench:explain [-- --misses]
// Runs the built CLI's `explain --format json` on every message of test/corpus/explain/messages.json
// and prints, for the training and the validation split, how often the right rule comes first and
// in the top three, and how often an error outside the catalogue is left without a match. The
// misses of the training split are printed with --misses; the validation split's never are, so
// that no tuning looks at them.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TARGETS, accuracy, ceiling, describe, novelty } from './accuracy.mjs';

export { TARGETS, ceiling, describe };

/** The corpus entries, for figures that need no CLI run (the text-only ceiling). */
export const corpusEntries = () => JSON.parse(fs.readFileSync(CORPUS, 'utf8')).messages;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'cgdoctor.js');
const CORPUS = path.join(ROOT, 'test', 'corpus', 'explain', 'messages.json');

function explain(message) {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [BIN, 'explain', '-', '--format', 'json'], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 || code === 1 ? resolve(JSON.parse(out)) : reject(new Error(`explain exited ${code} on: ${message.slice(0, 80)}`))));
    p.stdin.end(message);
  });
}

/**
 * The figures for the whole corpus, running as many CLIs at once as there are cores: per split,
 * and the validation positives by how new their text is to training (`novelty`).
 */
export async function measureExplain() {
  const { messages } = JSON.parse(fs.readFileSync(CORPUS, 'utf8'));
  const results = new Array(messages.length);
  let next = 0;
  const worker = async () => {
    while (next < messages.length) {
      const i = next++;
      results[i] = await explain(messages[i].message);
    }
  };
  await Promise.all(Array.from({ length: os.cpus().length }, worker));
  return { splits: accuracy(messages, results), novelty: novelty(messages, results) };
}

/** "unseen: 46 positives, first 63.0% (29)", one line a bucket. */
export const describeNovelty = (n) =>
  Object.entries(n).map(
    ([k, b]) => `validation, ${k} as a training line: ${b.positives} positives, first ${b.positives ? ((b.first / b.positives) * 100).toFixed(1) : '-'}% (${b.first})`,
  );

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { splits, novelty: byNovelty } = await measureExplain();
  for (const line of describe(splits)) console.log(line);
  for (const line of describeNovelty(byNovelty)) console.log(line);
  for (const [name, c] of Object.entries(ceiling(corpusEntries())))
    console.log(`${name}: best a reader of the text alone can do (same text, other fix): first ${(c.firstRate * 100).toFixed(1)}%, quiet ${(c.quietRate * 100).toFixed(1)}%`);
  const v = splits.validation;
  console.log(
    `targets on validation: first >= ${TARGETS.firstRate * 100}%, top 3 >= ${TARGETS.top3Rate * 100}%, negatives quiet >= ${TARGETS.quietRate * 100}%: ${v && v.firstRate >= TARGETS.firstRate && v.top3Rate >= TARGETS.top3Rate && v.quietRate >= TARGETS.quietRate ? 'met' : 'NOT met'}`,
  );
  if (process.argv.includes('--misses'))
    for (const m of splits.train?.misses ?? []) console.log(`miss: want ${m.want ?? 'none'}, got ${m.got.join(',') || 'none'}: ${m.message.slice(0, 160)}`);
}
