import * as fs from 'node:fs';
import { createGunzip } from 'node:zlib';
import { StringDecoder } from 'node:string_decoder';
import { Readable } from 'node:stream';
import type { AnyRule } from '../rules/define.js';
import { LogMatcher, type LogMatches } from '../symptoms/logs.js';
import { CliError } from './errors.js';

/** Longer lines are cut here: a 1 GB line without a newline must not become a 1 GB string. */
const MAX_LINE = 64 * 1024;

function isGzip(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const b = Buffer.alloc(2);
    return fs.readSync(fd, b, 0, 2, 0) === 2 && b[0] === 0x1f && b[1] === 0x8b;
  } finally {
    fs.closeSync(fd);
  }
}

async function streamLines(stream: Readable, onLine: (line: string, no: number) => void): Promise<void> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let no = 0;
  let skipping = false;
  const take = (text: string) => {
    let start = 0;
    for (let nl = text.indexOf('\n', start); nl >= 0; nl = text.indexOf('\n', start)) {
      if (skipping) skipping = false;
      else onLine(text.slice(start, nl).replace(/\r$/, ''), ++no);
      start = nl + 1;
    }
    rest = text.slice(start);
    if (rest.length > MAX_LINE) {
      if (!skipping) onLine(rest.slice(0, MAX_LINE), ++no);
      skipping = true;
      rest = '';
    }
  };
  for await (const chunk of stream) take(rest + decoder.write(chunk as Buffer));
  take(rest + decoder.end());
  if (rest !== '' && !skipping) onLine(rest, ++no);
}

/** The first bytes of standard input decide gzip; they are then given back, in front of the rest. */
async function stdinStream(): Promise<{ stream: Readable; gz: boolean }> {
  const it = (process.stdin as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  let head = Buffer.alloc(0);
  let ended = false;
  while (head.length < 2) {
    const n = await it.next();
    if (n.done) {
      ended = true;
      break;
    }
    head = Buffer.concat([head, n.value]);
  }
  async function* all(): AsyncGenerator<Buffer> {
    if (head.length > 0) yield head;
    if (ended) return;
    for (let n = await it.next(); !n.done; n = await it.next()) yield n.value;
  }
  const raw = Readable.from(all(), { objectMode: false });
  const gz = head[0] === 0x1f && head[1] === 0x8b;
  if (!gz) return { stream: raw, gz };
  const gunzip = raw.pipe(createGunzip());
  raw.on('error', (e) => gunzip.destroy(e));
  return { stream: gunzip, gz };
}

/** How evidence names standard input (`--logs -`). */
const STDIN_NAME = '(stdin)';

/** Streams each log file (plain or gzip; `-` is standard input) through the symptom matcher, in bounded memory. */
export async function readLogs(files: string[], rules: readonly AnyRule[]): Promise<LogMatches> {
  if (files.filter((f) => f === '-').length > 1) throw new CliError('--logs -: standard input can be read only once');
  const matcher = new LogMatcher(rules);
  for (const file of files) {
    let gz: boolean;
    let stream: Readable;
    const name = file === '-' ? STDIN_NAME : file;
    if (file === '-') {
      try {
        ({ stream, gz } = await stdinStream());
      } catch (err) {
        throw new CliError(`--logs -: cannot read standard input (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      }
    } else {
      try {
        if (!fs.statSync(file).isFile()) throw new CliError(`--logs ${file}: not a file`);
        gz = isGzip(file);
      } catch (err) {
        if (err instanceof CliError) throw err;
        throw new CliError(`--logs ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
      }
      const raw = fs.createReadStream(file, { highWaterMark: 1 << 20 });
      stream = gz ? raw.pipe(createGunzip()) : raw;
      if (gz) raw.on('error', (e) => stream.destroy(e));
    }
    try {
      await streamLines(stream, (line, no) => matcher.line(name, no, line));
    } catch (err) {
      throw new CliError(`--logs ${file}: ${gz ? 'corrupt or truncated gzip' : 'read error'} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
  }
  return matcher.result();
}
