import * as fs from 'node:fs';
import * as path from 'node:path';
import type { NodeScan } from '../fleet/merge.js';
import { parseReport } from '../fleet/node-scan.js';

/**
 * The inputs of `cgdoctor report`: scan JSON reports and captures, named or found in folders.
 * Each is read, checked and handed over one at a time; one that cannot be read is a failed
 * entry with its reason (file and line), never the end of the run.
 */

const CAPTURE = /\.(tar|tar\.gz|tgz)$/;
const REPORT = /\.json$/;

/** Bigger than any scan report a real node gives (a 1000-pod node's is well under 1 MiB). */
export const MAX_REPORT_BYTES = 64 * 2 ** 20;

export type Input = { file: string; kind: 'json' | 'capture'; named: boolean } | { file: string; missing: string };

/**
 * The files the arguments name: a folder's reports and captures, in name order, at any depth;
 * and the folders among the arguments, where no report may be written.
 */
export function expandInputs(args: readonly string[]): { inputs: Input[]; folders: string[] } {
  const out: Input[] = [];
  const folders: string[] = [];
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      out.push({ file: dir, missing: errnoWords(err) });
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && REPORT.test(e.name)) out.push({ file: p, kind: 'json', named: false });
      else if (e.isFile() && CAPTURE.test(e.name)) out.push({ file: p, kind: 'capture', named: false });
    }
  };
  for (const a of args) {
    let st: fs.Stats;
    try {
      st = fs.statSync(a);
    } catch (err) {
      out.push({ file: a, missing: errnoWords(err) });
      continue;
    }
    if (st.isDirectory()) {
      folders.push(a);
      walk(a);
    }
    // A named file is read whatever its name: a report saved as node-17.out is still one.
    else out.push({ file: a, kind: CAPTURE.test(a) ? 'capture' : 'json', named: true });
  }
  return { inputs: out, folders };
}

function errnoWords(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : (code ?? String(err));
}

/** A regular file of a known size, read into one buffer: no second fstat, no options parsed. */
function readWhole(fd: number, size: number): string {
  const buf = Buffer.allocUnsafe(size);
  let n = 0;
  while (n < size) {
    const got = fs.readSync(fd, buf, n, size - n, n);
    if (got === 0) break;
    n += got;
  }
  return buf.toString('utf8', 0, n);
}

/** A node name from a file name when the report has none: "worker-17.json" is worker-17. */
const nameOf = (file: string) => path.basename(file).replace(/\.json$/, '');

/** One scan JSON report read from its file, or why it could not be read or is not one. */
export function readReport(file: string): NodeScan | { reason: string } {
  let text: string;
  let fd: number | undefined;
  try {
    // One open and an fstat: a path stat first would resolve the path twice for each of 10,000 files.
    fd = fs.openSync(file, 'r');
    const st = fs.fstatSync(fd);
    if (st.size > MAX_REPORT_BYTES) return { reason: `${st.size} bytes, more than ${MAX_REPORT_BYTES}: not a scan report` };
    text = st.isFile() ? readWhole(fd, st.size) : fs.readFileSync(fd, 'utf8');
  } catch (err) {
    return { reason: errnoWords(err) };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  return parseReport(text, () => nameOf(file));
}
