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
    // path.join would normalise the folder again for each of 10,000 names; it is normalised once.
    const prefix = dir === '.' || dir === `.${path.sep}` ? '' : dir.endsWith(path.sep) ? dir : dir + path.sep;
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = prefix + e.name;
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
      walk(path.normalize(a));
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

/** A node name from a file name when the report has none: "worker-17.json" is worker-17. */
const nameOf = (file: string) => path.basename(file).replace(/\.json$/, '');

/** One scan JSON report read from its file, or why it could not be read or is not one. */
export function readReport(file: string): NodeScan | { reason: string } {
  let text: string;
  let fd: number | undefined;
  try {
    // Open once, fstat the descriptor for the bound, and let one C++ call read and decode it:
    // a stat by path resolves the path twice, and a JavaScript read loop costs twice as much.
    fd = fs.openSync(file, 'r');
    const { size } = fs.fstatSync(fd);
    if (size > MAX_REPORT_BYTES) return { reason: `${size} bytes, more than ${MAX_REPORT_BYTES}: not a scan report` };
    text = fs.readFileSync(fd, 'utf8');
  } catch (err) {
    return { reason: errnoWords(err) };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  return parseReport(text, () => nameOf(file));
}
