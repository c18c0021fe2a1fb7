import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, runCli, testTmp, writeTree } from '../helpers.js';
import { ruleCase } from '../rules/cases.js';
import { toTree } from '../rules/nodes.js';
import { safeCopy, safeJson, safeText } from '../../src/report/safe-text.js';

/**
 * Bytes from scanned files, captures and arguments must never drive the reader's terminal: a
 * unit whose ExecStartPre= writes the clipboard (OSC 52), hides text (SGR 8), uses an 8-bit CSI
 * or reverses text (U+202E) is reported with those made visible, in every output. One row per
 * output; `shows` is the escaped text the output must contain.
 */
const OSC52 = '\x1b]52;c;Y3VybCBldmlsfHNo\x07';
const HIDDEN = '\x1b[8m';
const CSI8 = '\u009b31m';
const RLO = '\u202e';
const PAYLOAD = `${OSC52}${HIDDEN}hidden${CSI8}red${RLO}txt`;
const UNIT = [
  '[Service]',
  `ExecStartPre=/bin/mkdir -p /sys/fs/cgroup/memory/system.slice/containerd.service/${PAYLOAD}`,
  // Not Key=value: a parse warning that quotes the line.
  `\x1b[2J garbage`,
  'ExecStartPre=/bin/sh -c "mkdir -p /sys/fs/cgroup/hugetlb/system.slice/containerd.service"',
  '',
].join('\n');

const SHOWN = ['\\x1b]52;c;', '\\x07', '\\x1b[8m', '\\u009b31m', '\\u202e'];
/** What a terminal acts on, but newline and tab. */
const RAW = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;
/** The colour codes cgdoctor itself writes (chalk): bold, dim, underline, red, green, yellow, cyan, resets. */
const OUR_COLOUR = /\x1b\[(?:1|2|4|22|24|31|32|33|36|39)m/g;

const tmp = testTmp();
let tree: string;
let capture: string;
let empty: string;
beforeAll(async () => {
  // The node where CG002 quotes a drop-in's ExecStartPre= lines, with the payload in them.
  tree = writeTree(path.join(tmp(), 'tree'), { ...toTree((await ruleCase('CG002 fires')).node), 'etc/systemd/system/containerd.service.d/10-cgroups.conf': UNIT });
  capture = path.join(tmp(), 'hostile.tar.gz');
  expect(runCli(['capture', '--root', tree, '-o', capture]).code).toBe(0);
  empty = path.join(tmp(), `empty-${HIDDEN}${OSC52}`);
  fs.mkdirSync(empty);
});

interface Row {
  args: () => string[];
  /** Where the hostile text shows up. */
  stream: 'stdout' | 'stderr';
  code: number;
  shows: string[];
  env?: NodeJS.ProcessEnv;
  /** JSON output: it must also parse back to the hostile text. */
  json?: (parsed: unknown) => void;
}

const excerpts = (j: { findings: Array<{ evidence: Array<{ excerpt: string }> }> }) => j.findings.flatMap((f) => f.evidence.map((e) => e.excerpt));

const ROWS: Record<string, Row> = {
  'scan, table: evidence, message and parse warnings': { args: () => ['scan', '--root', tree], stream: 'stdout', code: 0, shows: [...SHOWN, '\\x1b[2J garbage'] },
  'scan, markdown': { args: () => ['scan', '--root', tree, '--format', 'markdown'], stream: 'stdout', code: 0, shows: [...SHOWN, '\\x1b[2J garbage'] },
  'scan, junit': { args: () => ['scan', '--root', tree, '--format', 'junit'], stream: 'stdout', code: 0, shows: SHOWN },
  'scan --from a capture carrying them, table': { args: () => ['scan', '--from', capture], stream: 'stdout', code: 0, shows: SHOWN },
  'scan, table with colour: ours stays, theirs is shown': {
    args: () => ['scan', '--root', tree],
    stream: 'stdout',
    code: 0,
    shows: SHOWN,
    env: { NO_COLOR: undefined, FORCE_COLOR: '1' },
  },
  // The finding's message names the directory mkdir makes: the path up to the `;` of the OSC.
  'diff, table': { args: () => ['diff', tree, path.join(FIXTURES, 'healthy-v1-systemd', 'root')], stream: 'stdout', code: 1, shows: ['containerd.service/\\x1b]52'] },
  'explain, no match: the echoed query': { args: () => ['explain', `${OSC52} ${HIDDEN} hidden ${CSI8} ${RLO} words`], stream: 'stdout', code: 1, shows: SHOWN },
  'explain, an unknown rule: the error line': { args: () => ['explain', `CG${HIDDEN}${OSC52}01`], stream: 'stderr', code: 2, shows: ['\\x1b[8m', '\\x1b]52;c;'] },
  'stderr: an unreadable root': { args: () => ['scan', '--root', `/nonexistent/${OSC52}${RLO}`], stream: 'stderr', code: 2, shows: ['\\x1b]52;c;', '\\u202e'] },
  'stderr: a commander error quoting the argument': { args: () => ['scan', '--format', `${HIDDEN}${CSI8}`], stream: 'stderr', code: 2, shows: ['\\x1b[8m', '\\u009b'] },
  'stderr: nothing checked under a hostile root name': { args: () => ['scan', '--root', empty], stream: 'stderr', code: 2, shows: ['\\x1b[8m', '\\x1b]52;c;'] },
  'stdout: the table header names the hostile root': { args: () => ['scan', '--root', empty], stream: 'stdout', code: 2, shows: ['\\x1b[8m', '\\x1b]52;c;'] },
  'stderr: the capture summary names the hostile archive': {
    args: () => ['capture', '--root', tree, '-o', path.join(tmp(), `${HIDDEN}${RLO}.tar.gz`)],
    stream: 'stderr',
    code: 0,
    shows: ['\\x1b[8m', '\\u202e'],
  },
  'scan, JSON: the same data, C1 and bidi escaped too': {
    args: () => ['scan', '--root', tree, '--format', 'json'],
    stream: 'stdout',
    code: 0,
    shows: ['\\u001b]52;c;', '\\u009b31m', '\\u202e'],
    json: (j) => expect(excerpts(j as never)).toContain(`ExecStartPre=/bin/mkdir -p /sys/fs/cgroup/memory/system.slice/containerd.service/${PAYLOAD}`),
  },
  'scan, SARIF': { args: () => ['scan', '--root', tree, '--format', 'sarif'], stream: 'stdout', code: 0, shows: ['\\u009b31m', '\\u202e'], json: () => {} },
  'explain, JSON: the query comes back as it was': {
    args: () => ['explain', `${CSI8} ${RLO} words`, '--format', 'json'],
    stream: 'stdout',
    code: 1,
    shows: ['\\u009b31m', '\\u202e'],
    json: (j) => expect((j as { query: string }).query).toBe(`${CSI8} ${RLO} words`),
  },
  'diff, JSON': {
    args: () => ['diff', tree, path.join(FIXTURES, 'healthy-v1-systemd', 'root'), '--format', 'json'],
    stream: 'stdout',
    code: 1,
    shows: ['\\u009b31m', '\\u202e'],
    json: () => {},
  },
};

describe('hostile bytes never reach the terminal raw', () => {
  it.each(Object.entries(ROWS))('%s', (_name, row) => {
    const r = runCli(row.args(), row.env ?? {});
    expect(r.code, r.stderr).toBe(row.code);
    const out = r[row.stream];
    for (const s of row.shows) expect(out).toContain(s);
    for (const text of [r.stdout, r.stderr]) expect(text.replace(OUR_COLOUR, '')).not.toMatch(RAW);
    if (row.env?.['FORCE_COLOR']) expect(out).toMatch(OUR_COLOUR);
    if (row.json) row.json(JSON.parse(out));
    // Every stderr line is one cgdoctor line.
    if (r.stderr !== '') expect(r.stderr).toMatch(/^cgdoctor: [^\n]*\n$/);
  });
});

describe('safeText, safeCopy, safeJson', () => {
  it('makes controls visible, keeps tabs, and newlines only where asked', () => {
    expect(safeText(`a${OSC52}b\tc\nd\re\x7f`)).toBe('a\\x1b]52;c;Y3VybCBldmlsfHNo\\x07b\tc\\nd\\re\\x7f');
    expect(safeText('para one\npara two', true)).toBe('para one\npara two');
    expect(safeText(`${CSI8}\u2066x\u2069`)).toBe('\\u009b31m\\u2066x\\u2069');
    expect(safeText('plain ✓ ×5 — é')).toBe('plain ✓ ×5 — é');
  });

  it('copies any object deeply, keys too, messages keeping their lines, and leaves the original alone', () => {
    const original = { root: `r${HIDDEN}`, node: `n\nx`, facts: { [`k${RLO}`]: [`v${CSI8}`, 3, null] }, findings: [{ message: 'a\nb', subject: 'a\nb' }] };
    expect(safeCopy(original)).toEqual({ root: 'r\\x1b[8m', node: 'n\\nx', facts: { 'k\\u202e': ['v\\u009b31m', 3, null] }, findings: [{ message: 'a\nb', subject: 'a\\nb' }] });
    expect(original.root).toBe(`r${HIDDEN}`);
  });

  it('JSON: the same data, with C1 and bidi escaped', () => {
    const v = { s: `${CSI8}${RLO}\\${CSI8}` };
    const text = safeJson(v);
    expect(text).not.toMatch(RAW);
    expect(JSON.parse(text)).toEqual(v);
  });
});
