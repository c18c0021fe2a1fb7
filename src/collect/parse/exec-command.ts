import { splitWords } from './systemd-unit.js';

/*
 * What a unit's Exec*= line does with mkdir, read as systemd and then the shell would read it:
 * systemd's prefixes and specifiers, a direct `mkdir`, or a `sh -c` / `bash -c` script split
 * into simple commands by `;`, `&&`, `||`, `|`, `&` and newlines, with `if`/`elif`/`else`, `{ }`,
 * `( )`, `!`, `exit`, `set -e`, and `[ ]` / `test` / `[[ ]]` conditions. Each mkdir comes with the
 * condition it runs under, so a rule can decide it against the scanned tree. What the reader does
 * not follow (loops, `case`, functions, here-documents, a syntax error) is not guessed at: every
 * mkdir of such a script is taken to run, under a condition that says why it is unknown.
 */

/** The file tests a condition can ask of a path: `-e` exists, `-d` is a directory, `-f` is a regular file. */
type PathTest = '-e' | '-d' | '-f';

/** When a command runs, or what a command's exit status is, as a formula over facts about the node. */
type Cond =
  | { k: 'const'; v: boolean }
  | { k: 'path'; test: PathTest; path: string; text: string }
  | { k: 'unknown'; why: string }
  | { k: 'not'; c: Cond }
  | { k: 'and'; a: Cond; b: Cond }
  | { k: 'or'; a: Cond; b: Cond };

export interface Mkdir {
  /** The absolute directories it names, braces expanded, normalised. */
  targets: string[];
  /** Words it names that cannot be expanded here (a variable, a command substitution), as written. */
  unresolved: string[];
  /** `-p`: missing parents are made too. */
  parents: boolean;
  when: Cond;
}

export interface ExecReading {
  mkdirs: Mkdir[];
  /** Why the script could not be followed, when it could not; its mkdirs then run under an unknown condition. */
  unread?: string;
}

const TRUE: Cond = { k: 'const', v: true };
const FALSE: Cond = { k: 'const', v: false };
const unknown = (why: string): Cond => ({ k: 'unknown', why });

function and(a: Cond, b: Cond): Cond {
  if (a === FALSE || b === FALSE || (a.k === 'const' && !a.v) || (b.k === 'const' && !b.v)) return FALSE;
  if (a.k === 'const') return b;
  if (b.k === 'const') return a;
  return { k: 'and', a, b };
}

function or(a: Cond, b: Cond): Cond {
  if ((a.k === 'const' && a.v) || (b.k === 'const' && b.v)) return TRUE;
  if (a.k === 'const') return b;
  if (b.k === 'const') return a;
  return { k: 'or', a, b };
}

function not(c: Cond): Cond {
  if (c.k === 'const') return c.v ? FALSE : TRUE;
  if (c.k === 'not') return c.c;
  return { k: 'not', c };
}

/** Thrown inside the reader for syntax it does not follow; caught at the top, never escapes. */
class Unsupported extends Error {}

// Bounds that keep a hostile unit from costing time or stack: a real ExecStartPre= is one line.
const MAX_SCRIPT = 64 * 1024;
const MAX_DEPTH = 64;
const MAX_EXPANSIONS = 1024;

// ---- words ----

/** A piece of a shell word: its text, whether it was quoted, and whether it is an expansion whose value is unknown here. */
interface Part {
  text: string;
  quoted: boolean;
  dynamic?: boolean;
}

interface Word {
  parts: Part[];
  raw: string;
}

type Tok = { t: 'word'; w: Word } | { t: 'op'; v: string } | { t: 'redir'; v: string };

const plain = (w: Word): string | undefined => (w.parts.every((p) => !p.quoted && !p.dynamic) ? w.parts.map((p) => p.text).join('') : undefined);
const wordOf = (text: string): Word => ({ parts: [{ text, quoted: true }], raw: text });

/** POSIX shell tokens, with bash's `&>`; quotes, escapes and expansions kept apart in each word. */
function lex(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  const n = src.length;
  let parts: Part[] = [];
  let raw = '';
  let inWord = false;
  const push = (text: string, quoted: boolean, dynamic = false) => {
    const last = parts[parts.length - 1];
    if (last && last.quoted === quoted && !last.dynamic && !dynamic) last.text += text;
    else parts.push(dynamic ? { text, quoted, dynamic } : { text, quoted });
    inWord = true;
  };
  const end = () => {
    if (inWord) toks.push({ t: 'word', w: { parts, raw } });
    parts = [];
    raw = '';
    inWord = false;
  };
  /** The end of `$(...)`, `${...}` or a backquote starting at `i`, quotes and nesting respected. */
  const skipExpansion = (start: number): number => {
    if (src[start] === '`') {
      let j = start + 1;
      while (j < n && src[j] !== '`') j += src[j] === '\\' ? 2 : 1;
      if (j >= n) throw new Unsupported('an unterminated backquote');
      return j + 1;
    }
    const open = src[start + 1]!;
    const close = open === '(' ? ')' : '}';
    let depth = 0;
    let j = start + 1;
    while (j < n) {
      const c = src[j]!;
      if (c === '\\') j += 2;
      else if (c === "'" && open === '(') {
        const q = src.indexOf("'", j + 1);
        if (q < 0) throw new Unsupported('an unterminated quote');
        j = q + 1;
      } else {
        if (c === open) depth++;
        else if (c === close && --depth === 0) return j + 1;
        j++;
      }
    }
    throw new Unsupported(`an unterminated $${open}`);
  };
  /** `$...` at `i`: the index after it, or undefined for a lone `$`, which is literal. */
  const dollar = (start: number): number | undefined => {
    const c = src[start + 1];
    if (c === '(' || c === '{') return skipExpansion(start);
    if (c !== undefined && /[A-Za-z_]/.test(c)) {
      let j = start + 1;
      while (j < n && /[A-Za-z0-9_]/.test(src[j]!)) j++;
      return j;
    }
    if (c !== undefined && /[0-9@*#?$!-]/.test(c)) return start + 2;
    if (c === "'" || c === '"') throw new Unsupported(`$${c}...${c} quoting`);
    return undefined;
  };
  while (i < n) {
    const c = src[i]!;
    if (c === '\\') {
      if (src[i + 1] === '\n') i += 2;
      else {
        raw += src.slice(i, i + 2);
        push(src[i + 1] ?? '', true);
        i += 2;
      }
      continue;
    }
    if (c === "'") {
      const close = src.indexOf("'", i + 1);
      if (close < 0) throw new Unsupported('an unterminated quote');
      raw += src.slice(i, close + 1);
      push(src.slice(i + 1, close), true);
      i = close + 1;
      continue;
    }
    if (c === '"') {
      const start = i;
      i++;
      let text = '';
      inWord = true;
      while (i < n && src[i] !== '"') {
        const d = src[i]!;
        if (d === '\\' && i + 1 < n && '$`"\\\n'.includes(src[i + 1]!)) {
          if (src[i + 1] !== '\n') text += src[i + 1];
          i += 2;
        } else if (d === '$' || d === '`') {
          const stop = d === '`' ? skipExpansion(i) : dollar(i);
          if (stop === undefined) {
            text += d;
            i++;
            continue;
          }
          if (text) push(text, true);
          text = '';
          push(src.slice(i, stop), true, true);
          i = stop;
        } else {
          text += d;
          i++;
        }
      }
      if (i >= n) throw new Unsupported('an unterminated quote');
      if (text) push(text, true);
      i++;
      raw += src.slice(start, i);
      continue;
    }
    if (c === '$' || c === '`') {
      const stop = c === '`' ? skipExpansion(i) : dollar(i);
      if (stop !== undefined) {
        raw += src.slice(i, stop);
        push(src.slice(i, stop), false, true);
        i = stop;
        continue;
      }
    }
    if (c === '#' && !inWord) {
      while (i < n && src[i] !== '\n') i++;
      continue;
    }
    if (c === ' ' || c === '\t') {
      end();
      i++;
      continue;
    }
    if (c === '\n' || c === ';' || c === '&' || c === '|' || c === '(' || c === ')' || c === '<' || c === '>') {
      // A word of digits right before a redirection is its file descriptor.
      const ioNumber = (c === '<' || c === '>') && inWord && parts.length === 1 && !parts[0]!.quoted && /^\d+$/.test(parts[0]!.text);
      if (ioNumber) {
        parts = [];
        raw = '';
        inWord = false;
      } else end();
      const two = src.slice(i, i + 2);
      const three = src.slice(i, i + 3);
      if (two === '<<') throw new Unsupported('a here-document');
      if (three === '&>>') {
        toks.push({ t: 'redir', v: three });
        i += 3;
      } else if (['>>', '>&', '<&', '<>', '>|', '&>'].includes(two)) {
        toks.push({ t: 'redir', v: two });
        i += 2;
      } else if (c === '<' || c === '>') {
        toks.push({ t: 'redir', v: c });
        i++;
      } else if (['&&', '||', ';;'].includes(two)) {
        toks.push({ t: 'op', v: two });
        i += 2;
      } else {
        toks.push({ t: 'op', v: c });
        i++;
      }
      continue;
    }
    raw += c;
    push(c, false);
    i++;
  }
  end();
  return toks;
}

/** bash brace expansion over a word's characters, quoted ones inert: `a{b,c}d` -> abd acd; `{1..3}` -> 1 2 3. */
function braceExpand(chars: Array<{ c: string; q: boolean }>, budget: { left: number }): Array<Array<{ c: string; q: boolean }>> {
  for (let i = 0; i < chars.length; i++) {
    if (chars[i]!.q || chars[i]!.c !== '{') continue;
    let depth = 0;
    const commas: number[] = [];
    let close = -1;
    for (let j = i; j < chars.length; j++) {
      const ch = chars[j]!;
      if (ch.q) continue;
      if (ch.c === '{') depth++;
      else if (ch.c === '}' && --depth === 0) {
        close = j;
        break;
      } else if (ch.c === ',' && depth === 1) commas.push(j);
    }
    if (close < 0) continue;
    const pre = chars.slice(0, i);
    const post = chars.slice(close + 1);
    const inner = chars.slice(i + 1, close);
    let alternatives: Array<Array<{ c: string; q: boolean }>>;
    if (commas.length > 0) {
      alternatives = [];
      let from = i + 1;
      for (const at of [...commas, close]) {
        alternatives.push(chars.slice(from, at));
        from = at + 1;
      }
    } else {
      const seq = sequence(inner.map((x) => (x.q ? '\0' : x.c)).join(''));
      if (!seq) continue;
      alternatives = seq.map((s) => [...s].map((c) => ({ c, q: true })));
    }
    const posts = braceExpand(post, budget);
    const out: Array<Array<{ c: string; q: boolean }>> = [];
    for (const alt of alternatives) {
      for (const a of braceExpand(alt, budget)) {
        for (const p of posts) {
          if (--budget.left < 0) throw new Unsupported('a brace expansion too large to follow');
          out.push([...pre, ...a, ...p]);
        }
      }
    }
    return out;
  }
  return [chars];
}

/** `{x..y[..step]}` over integers or single letters, as bash expands it. */
function sequence(text: string): string[] | undefined {
  const m = /^(-?\d+|[A-Za-z])\.\.(-?\d+|[A-Za-z])(?:\.\.(-?\d+))?$/.exec(text);
  if (!m) return undefined;
  const numeric = /\d/.test(m[1]!);
  if (numeric !== /\d/.test(m[2]!)) return undefined;
  const from = numeric ? Number(m[1]) : m[1]!.charCodeAt(0);
  const to = numeric ? Number(m[2]) : m[2]!.charCodeAt(0);
  const step = Math.abs(Number(m[3] ?? 1)) || 1;
  if (Math.abs(to - from) / step > MAX_EXPANSIONS) return undefined;
  // A bound written with a leading zero pads every term to the wider bound's width.
  const pad = numeric && (/^-?0\d/.test(m[1]!) || /^-?0\d/.test(m[2]!)) ? Math.max(m[1]!.length, m[2]!.length) : 0;
  const out: string[] = [];
  for (let v = from; from <= to ? v <= to : v >= to; v += from <= to ? step : -step) {
    out.push(numeric ? (v < 0 ? `-${String(-v).padStart(pad - 1, '0')}` : String(v).padStart(pad, '0')) : String.fromCharCode(v));
  }
  return out;
}

/** A word's values after the shell's expansions, or undefined when one of them is unknown here. */
function expand(w: Word, braces: boolean, budget: { left: number }): string[] | undefined {
  if (w.parts.some((p) => p.dynamic)) return undefined;
  // A leading unquoted ~ is the home directory, which the tree does not say.
  if (w.parts[0] && !w.parts[0].quoted && w.parts[0].text.startsWith('~')) return undefined;
  const chars = w.parts.flatMap((p) => [...p.text].map((c) => ({ c, q: p.quoted })));
  const words = braces ? braceExpand(chars, budget) : [chars];
  return words.map((cs) => cs.map((x) => x.c).join(''));
}

// ---- the script's structure ----

type Node =
  | { n: 'simple'; words: Word[] }
  | { n: 'pipe'; neg: boolean; cmds: Node[] }
  | { n: 'andor'; first: Node; rest: Array<{ op: string; node: Node }> }
  | { n: 'list'; items: Array<{ node: Node; bg: boolean }> }
  | { n: 'if'; arms: Array<{ cond: Node; body: Node }>; otherwise?: Node }
  | { n: 'group'; body: Node }
  | { n: 'subshell'; body: Node };

const UNSUPPORTED_WORDS = new Set(['for', 'while', 'until', 'case', 'select', 'function', 'coproc']);
const LIST_ENDS = new Set(['then', 'elif', 'else', 'fi', '}', 'do', 'done', 'esac']);

function parse(toks: Tok[]): Node {
  let pos = 0;
  let depth = 0;
  const peek = () => toks[pos];
  const isWord = (t: Tok | undefined, text: string) => t?.t === 'word' && plain(t.w) === text;
  const isOp = (t: Tok | undefined, v: string) => t?.t === 'op' && t.v === v;
  const skipNewlines = () => {
    while (isOp(peek(), '\n')) pos++;
  };
  const expectWord = (text: string) => {
    if (!isWord(peek(), text)) throw new Unsupported(`a missing "${text}"`);
    pos++;
  };
  const deeper = <T>(f: () => T): T => {
    if (++depth > MAX_DEPTH) throw new Unsupported('nesting too deep to follow');
    try {
      return f();
    } finally {
      depth--;
    }
  };

  const list = (): Node =>
    deeper(() => {
      const items: Array<{ node: Node; bg: boolean }> = [];
      for (;;) {
        while (isOp(peek(), '\n') || isOp(peek(), ';')) pos++;
        const t = peek();
        if (!t || isOp(t, ')') || (t.t === 'word' && LIST_ENDS.has(plain(t.w) ?? ''))) break;
        const node = andOr();
        const sep = peek();
        const bg = isOp(sep, '&');
        items.push({ node, bg });
        if (isOp(sep, ';') || bg || isOp(sep, '\n')) pos++;
        else if (sep && !isOp(sep, ')') && !(sep.t === 'word' && LIST_ENDS.has(plain(sep.w) ?? ''))) throw new Unsupported(`"${sep.t === 'word' ? sep.w.raw : sep.v}"`);
      }
      return { n: 'list', items };
    });

  const andOr = (): Node => {
    const first = pipeline();
    const rest: Array<{ op: string; node: Node }> = [];
    while (isOp(peek(), '&&') || isOp(peek(), '||')) {
      const op = (peek() as { v: string }).v;
      pos++;
      skipNewlines();
      rest.push({ op, node: pipeline() });
    }
    return rest.length === 0 ? first : { n: 'andor', first, rest };
  };

  const pipeline = (): Node => {
    let neg = false;
    while (isWord(peek(), '!')) {
      neg = !neg;
      pos++;
    }
    const cmds = [command()];
    while (isOp(peek(), '|')) {
      pos++;
      skipNewlines();
      cmds.push(command());
    }
    return cmds.length === 1 && !neg ? cmds[0]! : { n: 'pipe', neg, cmds };
  };

  const command = (): Node =>
    deeper(() => {
      const t = peek();
      if (!t) throw new Unsupported('a missing command');
      if (isOp(t, '(')) {
        pos++;
        const body = list();
        if (!isOp(peek(), ')')) throw new Unsupported('a missing ")"');
        pos++;
        return { n: 'subshell', body };
      }
      if (t.t === 'word') {
        const head = plain(t.w);
        if (head === 'if') return ifClause();
        if (head === '{') {
          pos++;
          const body = list();
          expectWord('}');
          return { n: 'group', body };
        }
        if (head !== undefined && UNSUPPORTED_WORDS.has(head)) throw new Unsupported(`"${head}"`);
        if (isOp(toks[pos + 1], '(')) throw new Unsupported('a function definition');
        if (head === '[[') return doubleBracket();
      }
      return simple();
    });

  const simple = (): Node => {
    const words: Word[] = [];
    let redirections = 0;
    for (;;) {
      const t = peek();
      if (!t || t.t === 'op') break;
      pos++;
      if (t.t === 'redir') {
        // A redirection's target is a file: it creates no directory and decides nothing here.
        if (peek()?.t !== 'word') throw new Unsupported('a redirection without a target');
        pos++;
        redirections++;
        continue;
      }
      words.push(t.w);
    }
    if (words.length === 0 && redirections === 0) throw new Unsupported('a syntax error');
    return { n: 'simple', words };
  };

  /** `[[ ... ]]`: inside it `&&`, `||`, `(`, `)`, `<` and `>` are test operators, not the shell's. */
  const doubleBracket = (): Node => {
    const words: Word[] = [];
    for (;;) {
      const t = peek();
      if (!t) throw new Unsupported('a missing "]]"');
      pos++;
      if (t.t === 'word') {
        words.push(t.w);
        if (plain(t.w) === ']]') break;
      } else if (t.v !== '\n') words.push(wordOf(t.v));
    }
    return { n: 'simple', words };
  };

  const ifClause = (): Node => {
    const arms: Array<{ cond: Node; body: Node }> = [];
    let otherwise: Node | undefined;
    expectWord('if');
    for (;;) {
      const cond = list();
      expectWord('then');
      const body = list();
      arms.push({ cond, body });
      if (isWord(peek(), 'elif')) {
        pos++;
        continue;
      }
      if (isWord(peek(), 'else')) {
        pos++;
        otherwise = list();
      }
      expectWord('fi');
      return otherwise ? { n: 'if', arms, otherwise } : { n: 'if', arms };
    }
  };

  const top = list();
  if (pos < toks.length)
    throw new Unsupported(
      `"${(() => {
        const t = toks[pos]!;
        return t.t === 'word' ? t.w.raw : t.v;
      })()}" where a command should be`,
    );
  return top;
}

// ---- commands ----

const basename = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/** An absolute path with `//`, `.` and `..` resolved, or undefined for a relative one. */
function absolute(p: string): string | undefined {
  if (!p.startsWith('/')) return undefined;
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}

/** mkdir's own options (GNU and busybox): which words are directories, and whether -p is given. */
function mkdirArgs(args: string[]): { dirs: string[]; parents: boolean; runs: boolean } {
  let parents = false;
  const dirs: string[] = [];
  let options = true;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (options && a === '--') options = false;
    else if (options && a.startsWith('--')) {
      if (a === '--parents') parents = true;
      else if (a === '--mode' || a === '--context') i++;
      else if (a === '--help' || a === '--version') return { dirs: [], parents, runs: false };
    } else if (options && a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const f = a[j]!;
        if (f === 'p') parents = true;
        else if (f === 'm') {
          // The mode is the rest of this word, or the next word.
          if (j === a.length - 1) i++;
          break;
        }
      }
    } else dirs.push(a);
  }
  return { dirs, parents, runs: true };
}

interface Run {
  status: Cond;
  exits: Cond;
}

interface Shell {
  braces: boolean;
  errexit: boolean;
  budget: { left: number };
  mkdirs: Mkdir[];
}

/** A simple command's words, expanded: undefined entries are words whose value is unknown here. */
function argv(words: Word[], sh: Shell): { values: Array<string | undefined>; raw: string[] } {
  const values: Array<string | undefined> = [];
  const raw: string[] = [];
  let assignments = true;
  for (const w of words) {
    // Leading NAME=value words set variables for the command; they name nothing.
    if (assignments && /^[A-Za-z_][A-Za-z0-9_]*=/.test(w.parts[0]?.quoted ? '' : (w.parts[0]?.text ?? ''))) continue;
    assignments = false;
    const e = expand(w, sh.braces, sh.budget);
    if (e === undefined) {
      values.push(undefined);
      raw.push(w.raw);
    } else
      for (const v of e) {
        values.push(v);
        raw.push(v);
      }
  }
  return { values, raw };
}

/** The exit status of `test` / `[` / `[[` over its operands, as a condition. */
function testCond(args: Array<string | undefined>, raw: string[], bash: boolean): Cond {
  let i = 0;
  const text = raw.join(' ');
  const fail = () => unknown(`\`${text}\``);
  const OR = bash ? '||' : '-o';
  const AND = bash ? '&&' : '-a';
  const orExpr = (): Cond => {
    let c = andExpr();
    while (args[i] === OR) {
      i++;
      c = or(c, andExpr());
    }
    return c;
  };
  const andExpr = (): Cond => {
    let c = notExpr();
    while (args[i] === AND) {
      i++;
      c = and(c, notExpr());
    }
    return c;
  };
  const notExpr = (): Cond => {
    if (args[i] === '!' && i + 1 < args.length) {
      i++;
      return not(notExpr());
    }
    return primary();
  };
  const primary = (): Cond => {
    if (i >= args.length) throw new Unsupported('test');
    const a = args[i];
    if (a === '(' && i + 1 < args.length) {
      i++;
      const c = orExpr();
      if (args[i] !== ')') throw new Unsupported('test');
      i++;
      return c;
    }
    const next = args[i + 1];
    const hasOperand = i + 1 < args.length && !(next === OR || next === AND || next === ')');
    if (a !== undefined && /^-[a-zA-Z]$/.test(a) && hasOperand) {
      const operand = args[i + 1];
      const operandRaw = raw[i + 1]!;
      i += 2;
      if (a === '-e' || a === '-d' || a === '-f' || (a === '-a' && bash)) {
        const p = operand === undefined ? undefined : absolute(operand);
        if (p === undefined) return unknown(`\`${a} ${operandRaw}\``);
        return { k: 'path', test: a === '-a' ? '-e' : (a as PathTest), path: p, text: `${a} ${operand}` };
      }
      if (a === '-n' || a === '-z') return operand === undefined ? unknown(`\`${a} ${operandRaw}\``) : (operand !== '') === (a === '-n') ? TRUE : FALSE;
      return unknown(`\`${a} ${operandRaw}\``);
    }
    const op = args[i + 1];
    if (i + 2 < args.length && op !== undefined && ['=', '==', '!=', '-eq', '-ne', '-lt', '-le', '-gt', '-ge'].includes(op)) {
      const b = args[i + 2];
      const shown = `\`${raw[i]} ${op} ${raw[i + 2]}\``;
      i += 3;
      if (a === undefined || b === undefined || (bash && /[*?[]/.test(b))) return unknown(shown);
      if (op === '=' || op === '==') return a === b ? TRUE : FALSE;
      if (op === '!=') return a !== b ? TRUE : FALSE;
      if (!/^-?\d+$/.test(a) || !/^-?\d+$/.test(b)) return unknown(shown);
      const [x, y] = [Number(a), Number(b)];
      const r = op === '-eq' ? x === y : op === '-ne' ? x !== y : op === '-lt' ? x < y : op === '-le' ? x <= y : op === '-gt' ? x > y : x >= y;
      return r ? TRUE : FALSE;
    }
    i++;
    return a === undefined ? unknown(`\`${raw[i - 1]}\``) : a !== '' ? TRUE : FALSE;
  };
  try {
    if (args.length === 0) return FALSE;
    const c = orExpr();
    return i === args.length ? c : fail();
  } catch (e) {
    if (e instanceof Unsupported) return fail();
    throw e;
  }
}

/** Runs the script symbolically: every mkdir is recorded with the condition it runs under. */
function execute(node: Node, when: Cond, checked: boolean, sh: Shell): Run {
  switch (node.n) {
    case 'simple': {
      const { values, raw } = argv(node.words, sh);
      if (values.length === 0) return { status: TRUE, exits: FALSE };
      const head = values[0];
      const name = head === undefined ? undefined : basename(head);
      let status: Cond;
      if (name === 'exit' || name === 'return') return { status: FALSE, exits: when };
      if (name === undefined) status = unknown(`\`${raw.join(' ')}\``);
      else if (name === 'true' || name === ':') status = TRUE;
      else if (name === 'false') status = FALSE;
      else if (name === 'echo' || name === 'printf') status = TRUE;
      else if (name === '[' || name === 'test' || name === '[[') {
        const close = name === '[' ? ']' : name === '[[' ? ']]' : undefined;
        const end = close ? values.length - 1 : values.length;
        status = close && values[end] !== close ? unknown(`\`${raw.join(' ')}\``) : testCond(values.slice(1, end), raw.slice(1, end), name === '[[');
      } else if (name === 'set') {
        values.slice(1).forEach((v, i) => {
          if (v && (/^-[a-z]*e/.test(v) || (v === 'errexit' && values[i] === '-o'))) sh.errexit = true;
        });
        status = TRUE;
      } else if (name === 'mkdir') {
        const m = mkdirArgs(values.slice(1).map((v, i) => v ?? raw[i + 1]!));
        if (m.runs) {
          const targets: string[] = [];
          const unresolved: string[] = [];
          values.slice(1).forEach((v, i) => {
            const shown = raw[i + 1]!;
            if (!m.dirs.includes(v ?? shown)) return;
            const p = v === undefined ? undefined : absolute(v);
            if (p === undefined) unresolved.push(shown);
            else targets.push(p);
          });
          sh.mkdirs.push({ targets, unresolved, parents: m.parents, when });
        }
        status = m.parents ? TRUE : unknown(`\`${raw.join(' ')}\` (mkdir without -p fails on a directory that exists)`);
      } else status = unknown(`\`${raw.join(' ')}\``);
      return { status, exits: sh.errexit && checked ? and(when, not(status)) : FALSE };
    }
    case 'pipe': {
      let status: Cond = TRUE;
      // Each part of a pipeline runs in its own process: an exit there ends only that part.
      for (const c of node.cmds) status = execute(c, when, false, sh).status;
      if (node.neg) status = not(status);
      return { status, exits: sh.errexit && checked && !node.neg ? and(when, not(status)) : FALSE };
    }
    case 'andor': {
      const r = execute(node.first, when, false, sh);
      let status = r.status;
      let exits = r.exits;
      let alive = and(when, not(r.exits));
      node.rest.forEach(({ op, node: next }, i) => {
        const runs = op === '&&' ? and(alive, status) : and(alive, not(status));
        const r2 = execute(next, runs, checked && i === node.rest.length - 1, sh);
        status = op === '&&' ? and(status, r2.status) : or(status, r2.status);
        exits = or(exits, r2.exits);
        alive = and(alive, not(r2.exits));
      });
      return { status, exits };
    }
    case 'list': {
      let alive = when;
      let status: Cond = TRUE;
      let exits: Cond = FALSE;
      for (const item of node.items) {
        const r = execute(item.node, alive, checked && !item.bg, sh);
        status = item.bg ? TRUE : r.status;
        if (!item.bg) {
          exits = or(exits, r.exits);
          alive = and(alive, not(r.exits));
        }
      }
      return { status, exits };
    }
    case 'if': {
      let base = when;
      let notTaken: Cond = TRUE;
      let status: Cond = FALSE;
      let exits: Cond = FALSE;
      for (const arm of node.arms) {
        const c = execute(arm.cond, and(base, notTaken), false, sh);
        base = and(base, not(c.exits));
        const taken = and(notTaken, c.status);
        const b = execute(arm.body, and(base, taken), checked, sh);
        status = or(status, and(taken, b.status));
        exits = or(exits, or(c.exits, b.exits));
        notTaken = and(notTaken, not(c.status));
      }
      if (node.otherwise) {
        const e = execute(node.otherwise, and(base, notTaken), checked, sh);
        status = or(status, and(notTaken, e.status));
        exits = or(exits, e.exits);
      } else status = or(status, notTaken);
      return { status, exits };
    }
    case 'group':
      return execute(node.body, when, checked, sh);
    case 'subshell': {
      // The subshell's `set -e` and `exit` stay in it; its status is unknown when it may exit early.
      const inner: Shell = { ...sh, mkdirs: sh.mkdirs };
      const r = execute(node.body, when, checked, inner);
      const status = r.exits.k === 'const' && !r.exits.v ? r.status : unknown('a subshell that may exit early');
      return { status, exits: sh.errexit && checked ? and(when, not(status)) : FALSE };
    }
  }
}

/** When a script cannot be followed: each `mkdir` simple command found in it, run under an unknown condition. */
function scanForMkdir(toks: Tok[] | undefined, script: string, why: string, braces: boolean): Mkdir[] {
  const when = unknown(`the script uses ${why}, which cgdoctor does not follow`);
  if (!toks) {
    // Not even tokens: the paths written after a mkdir are all that can be told.
    if (!/(^|[\s/"';&|(])mkdir(\s|$)/.test(script)) return [];
    const targets = (script.match(/\/sys\/fs\/cgroup\/[^\s"';&|)]+/g) ?? []).map((p) => absolute(p)!);
    return [{ targets, unresolved: [], parents: /\s-[a-z]*p/.test(script), when }];
  }
  const out: Mkdir[] = [];
  const sh: Shell = { braces, errexit: false, budget: { left: MAX_EXPANSIONS }, mkdirs: out };
  let words: Word[] = [];
  let redirected = false;
  const flush = () => {
    const i = words.findIndex((w) => {
      const p = plain(w);
      return p === undefined || !['!', 'then', 'else', 'do', '{', 'if', 'elif', 'while', 'until', 'time'].includes(p);
    });
    const rest = i < 0 ? [] : words.slice(i);
    const head = rest[0] ? plain(rest[0]) : undefined;
    if (head && basename(head) === 'mkdir') {
      try {
        execute({ n: 'simple', words: rest }, when, false, sh);
      } catch (e) {
        if (!(e instanceof Unsupported)) throw e;
      }
    }
    words = [];
  };
  for (const t of toks) {
    if (t.t === 'word' && !redirected) words.push(t.w);
    else if (t.t === 'op') flush();
    redirected = t.t === 'redir';
  }
  flush();
  return out;
}

// ---- the systemd layer ----

const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'ksh', 'mksh', 'zsh']);
const BRACE_SHELLS = new Set(['bash', 'ksh', 'mksh', 'zsh']);

/** systemd's specifiers that a unit's name tells (systemd.unit(5)); the others are left as written. */
function specifiers(value: string, unit: string | undefined): string {
  if (!unit) return value.replaceAll('%%', '%');
  const dot = unit.lastIndexOf('.');
  const stem = dot > 0 ? unit.slice(0, dot) : unit;
  const at = stem.indexOf('@');
  const prefix = at >= 0 ? stem.slice(0, at) : stem;
  const instance = at >= 0 ? stem.slice(at + 1) : '';
  // %P, %I and %J are unescaped: systemd writes "/" in a unit name as "-".
  const last = prefix.slice(prefix.lastIndexOf('-') + 1);
  const unescapeName = (x: string) => x.replaceAll('-', '/');
  const known: Record<string, string> = { n: unit, N: stem, p: prefix, P: unescapeName(prefix), i: instance, I: unescapeName(instance), j: last, J: last, '%': '%' };
  return value.replace(/%(.)/g, (m, c: string) => known[c] ?? m);
}

/** Reads one Exec*= value. `unit` (`kubelet.service`) expands the specifiers its name tells. */
export function readExecCommand(value: string, o: { unit?: string } = {}): ExecReading {
  const prefix = /^[-@:+!]*/.exec(value)![0];
  // With ":" systemd leaves $ alone; otherwise "$$" is a literal "$" and other $ are its
  // variables, whose values the unit's environment holds: unknown here, as the shell's are.
  const noEnv = prefix.includes(':');
  const words = splitWords(specifiers(value.slice(prefix.length), o.unit)).map((w) => w.text);
  const args = prefix.includes('@') ? [words[0] ?? '', ...words.slice(2)] : words;
  let i = 0;
  if (args[0] !== undefined && basename(args[0]) === 'env') {
    i = 1;
    while (i < args.length && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(args[i]!) || args[i] === '-i' || args[i] === '-')) i++;
  }
  const exe = args[i] === undefined ? '' : basename(args[i]!);
  const systemdWord = (w: string): Word => {
    if (noEnv || !w.includes('$')) return wordOf(w);
    const text = w.replaceAll('$$', '\0');
    if (!text.includes('$')) return wordOf(text.replaceAll('\0', '$'));
    return { parts: [{ text: w, quoted: true, dynamic: true }], raw: w };
  };
  if (exe === 'mkdir') {
    const mkdirs: Mkdir[] = [];
    execute({ n: 'simple', words: args.slice(i).map(systemdWord) }, TRUE, false, { braces: false, errexit: false, budget: { left: MAX_EXPANSIONS }, mkdirs });
    return { mkdirs };
  }
  let shell = exe;
  if (exe === 'busybox' && SHELLS.has(basename(args[i + 1] ?? ''))) shell = basename(args[++i]!);
  if (!SHELLS.has(shell)) return { mkdirs: [] };
  let c = false;
  let errexit = false;
  let script: string | undefined;
  for (let j = i + 1; j < args.length; j++) {
    const a = args[j]!;
    if (a === '-o' || a === '+o') {
      if (a === '-o' && args[j + 1] === 'errexit') errexit = true;
      j++;
      continue;
    }
    if (a === '--') continue;
    if (/^--[a-z]/.test(a)) continue;
    if (/^[-+][A-Za-z]+$/.test(a)) {
      if (a[0] === '-' && a.includes('c')) c = true;
      if (a[0] === '-' && a.includes('e')) errexit = true;
      continue;
    }
    if (c) script = a;
    break;
  }
  // A shell given a script file runs what cgdoctor does not read here.
  if (script === undefined) return { mkdirs: [] };
  const source = noEnv ? script : script.replaceAll('$$', '$');
  const braces = BRACE_SHELLS.has(shell);
  let toks: Tok[] | undefined;
  try {
    if (source.length > MAX_SCRIPT) throw new Unsupported('a script too long to follow');
    toks = lex(source);
    const mkdirs: Mkdir[] = [];
    execute(parse(toks), TRUE, true, { braces, errexit, budget: { left: MAX_EXPANSIONS }, mkdirs });
    return { mkdirs };
  } catch (e) {
    if (!(e instanceof Unsupported)) throw e;
    return { mkdirs: scanForMkdir(toks, source.slice(0, MAX_SCRIPT), e.message, braces), unread: e.message };
  }
}

// ---- deciding ----

/** What the scanned tree holds at a path: a regular file, a directory, something else, nothing, or unknown (unreadable). */
export type PathKind = 'file' | 'dir' | 'other' | 'absent' | 'unknown';

/** The absolute paths a reading's conditions test, for the collector to look up. */
export function testedPaths(r: ExecReading): string[] {
  const out = new Set<string>();
  const seen = new Set<Cond>();
  const walk = (c: Cond) => {
    if (seen.has(c)) return;
    seen.add(c);
    if (c.k === 'path') out.add(c.path);
    else if (c.k === 'not') walk(c.c);
    else if (c.k === 'and' || c.k === 'or') {
      walk(c.a);
      walk(c.b);
    }
  };
  for (const m of r.mkdirs) walk(m.when);
  return [...out];
}

const CGROUPFS = '/sys/fs/cgroup';
const isBelow = (p: string, dir: string) => p === dir || p.startsWith(`${dir}/`);

/** The directories a mkdir makes when it runs: its targets, and with `-p` their parents below /sys/fs/cgroup (above it is the node's own tree). */
function made(m: Mkdir): string[] {
  const out = [...m.targets];
  if (m.parents) {
    for (const t of m.targets) {
      for (let d = t.slice(0, t.lastIndexOf('/')); d.length > CGROUPFS.length && isBelow(d, CGROUPFS); d = d.slice(0, d.lastIndexOf('/'))) out.push(d);
    }
  }
  return out;
}

export interface Decision {
  /** true: it runs; false: it does not; undefined: it may. */
  runs: boolean | undefined;
  /** What it depends on that cannot be told, in words. */
  depends: string[];
}

const MAX_FREE = 4;

/**
 * Decides when a mkdir of the reading runs, against what the tree holds at each tested path.
 *
 * The tree is seen after the line ran. A path the line's own mkdirs make (a target, a parent,
 * the control files of a new cgroup) that exists now may have been missing before: both are
 * tried, keeping only a past in which the path, if it was missing, was made by a mkdir that ran.
 * So `[ -d /sys/fs/cgroup/cpuset ] && mkdir -p /sys/fs/cgroup/cpuset/k` runs where cpuset exists,
 * and `[ -d X ] || mkdir X` may run whatever the tree says: it makes X whenever X is missing.
 */
export function decide(r: ExecReading, m: Mkdir, kindOf: (path: string) => PathKind): Decision {
  const makers = r.mkdirs.map(made);
  const madeBy = (p: string, i: number) => makers[i]!.some((d) => isBelow(p, d));
  const free = new Set<string>();
  for (const x of r.mkdirs) {
    for (const p of testedPaths({ mkdirs: [x] })) {
      const k = kindOf(p);
      if (k !== 'absent' && k !== 'unknown' && makers.some((_, i) => madeBy(p, i))) free.add(p);
    }
  }
  const freePaths = [...free];
  const tooMany = freePaths.length > MAX_FREE;
  const depends = new Set<string>();
  const evaluate = (missing: ReadonlySet<string>, sink?: Set<string>) => {
    const memo = new Map<Cond, boolean | undefined>();
    const value = (c: Cond): boolean | undefined => {
      if (memo.has(c)) return memo.get(c);
      let v: boolean | undefined;
      switch (c.k) {
        case 'const':
          v = c.v;
          break;
        case 'unknown':
          sink?.add(c.why);
          v = undefined;
          break;
        case 'path': {
          const k = missing.has(c.path) ? 'absent' : kindOf(c.path);
          if (k === 'unknown') {
            sink?.add(`whether ${c.path} exists, which it could not read`);
            v = undefined;
          } else if (tooMany && free.has(c.path)) v = undefined;
          else v = c.test === '-e' ? k !== 'absent' : c.test === '-d' ? k === 'dir' : k === 'file';
          break;
        }
        case 'not': {
          const x = value(c.c);
          v = x === undefined ? undefined : !x;
          break;
        }
        case 'and': {
          const a = value(c.a);
          const b = a === false ? false : value(c.b);
          v = a === false || b === false ? false : a === true && b === true ? true : undefined;
          break;
        }
        case 'or': {
          const a = value(c.a);
          const b = a === true ? true : value(c.b);
          v = a === true || b === true ? true : a === false && b === false ? false : undefined;
          break;
        }
      }
      memo.set(c, v);
      return v;
    };
    return value;
  };
  const outcomes = new Set<boolean | undefined>();
  const worlds = tooMany ? 1 : 2 ** freePaths.length;
  for (let w = 0; w < worlds; w++) {
    const missing = new Set(freePaths.filter((_, j) => (w >> j) & 1));
    const value = evaluate(missing);
    // A past in which a path was missing holds only if a mkdir that may have run made it.
    const consistent = [...missing].every((p) => r.mkdirs.some((x, i) => madeBy(p, i) && value(x.when) !== false));
    if (consistent) outcomes.add(evaluate(missing, depends)(m.when));
  }
  const runs = outcomes.size === 1 ? [...outcomes][0] : undefined;
  return { runs, depends: runs === undefined ? [...depends] : [] };
}
