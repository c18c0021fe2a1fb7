/**
 * Just enough of the SQLite file format (https://www.sqlite.org/fileformat2.html) to read the rows
 * of one table of a database file without running sqlite: the 100-byte header, table b-tree pages
 * (interior 0x05, leaf 0x0d), records, and payloads that spill to overflow pages. Read-only, on
 * the file's bytes; every page number is checked and every page visited once, so a damaged or
 * hostile file ends in a reason, never a loop. Indexes, WAL frames and free lists are not read.
 */

export type SqlValue = null | number | bigint | string | Uint8Array;

export interface SqliteRow {
  rowid: bigint;
  values: SqlValue[];
}

const MAGIC = 'SQLite format 3\0';

class Bad extends Error {}

/** A varint at `at`: big-endian, 7 bits a byte, the ninth byte whole. */
function varint(b: Uint8Array, at: number): { value: bigint; next: number } {
  let v = 0n;
  for (let i = 0; i < 9; i++) {
    if (at + i >= b.length) throw new Bad('a varint runs past the page');
    const byte = b[at + i]!;
    if (i === 8) return { value: (v << 8n) | BigInt(byte), next: at + 9 };
    v = (v << 7n) | BigInt(byte & 0x7f);
    if ((byte & 0x80) === 0) return { value: v, next: at + i + 1 };
  }
  throw new Bad('unreachable');
}

interface Db {
  file: Uint8Array;
  pageSize: number;
  usable: number;
  pages: number;
  utf8: boolean;
}

function page(db: Db, n: number): Uint8Array {
  if (!Number.isInteger(n) || n < 1 || n > db.pages) throw new Bad(`page ${n} is outside the file's ${db.pages} pages`);
  return db.file.subarray((n - 1) * db.pageSize, n * db.pageSize);
}

const u16 = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const u32 = (b: Uint8Array, at: number) => ((b[at]! << 24) >>> 0) + (b[at + 1]! << 16) + (b[at + 2]! << 8) + b[at + 3]!;

/** A cell's whole payload: the part on the page, then the overflow chain. */
function payload(db: Db, p: Uint8Array, at: number, size: number, seen: Set<number>): Uint8Array {
  const u = db.usable;
  const x = u - 35;
  if (size <= x) {
    if (at + size > p.length) throw new Bad('a cell runs past its page');
    return p.subarray(at, at + size);
  }
  const m = Math.floor(((u - 12) * 32) / 255) - 23;
  const k = m + ((size - m) % (u - 4));
  const local = k <= x ? k : m;
  if (at + local + 4 > p.length) throw new Bad('a cell runs past its page');
  const out = new Uint8Array(size);
  out.set(p.subarray(at, at + local));
  let have = local;
  let next = u32(p, at + local);
  while (have < size) {
    if (next === 0) throw new Bad('an overflow chain ends early');
    if (seen.has(next)) throw new Bad(`page ${next} is used twice`);
    seen.add(next);
    const o = page(db, next);
    const n = Math.min(size - have, u - 4);
    out.set(o.subarray(4, 4 + n), have);
    have += n;
    next = u32(o, 0);
  }
  return out;
}

/** The values of a record (https://www.sqlite.org/fileformat2.html#record_format). */
function record(db: Db, b: Uint8Array): SqlValue[] {
  const head = varint(b, 0);
  const headerEnd = Number(head.value);
  if (headerEnd > b.length) throw new Bad('a record header runs past its payload');
  const types: number[] = [];
  for (let at = head.next; at < headerEnd; ) {
    const t = varint(b, at);
    types.push(Number(t.value));
    at = t.next;
  }
  const values: SqlValue[] = [];
  let at = headerEnd;
  const take = (n: number) => {
    if (at + n > b.length) throw new Bad('a record value runs past its payload');
    const v = b.subarray(at, at + n);
    at += n;
    return v;
  };
  for (const t of types) {
    if (t === 0) values.push(null);
    else if (t >= 1 && t <= 6) {
      const n = [0, 1, 2, 3, 4, 6, 8][t]!;
      let v = 0n;
      for (const byte of take(n)) v = (v << 8n) | BigInt(byte);
      // Two's complement of the width read.
      if (n > 0 && v >= 1n << BigInt(8 * n - 1)) v -= 1n << BigInt(8 * n);
      values.push(v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v);
    } else if (t === 7) values.push(new DataView(take(8).slice().buffer).getFloat64(0));
    else if (t === 8 || t === 9) values.push(t - 8);
    else if (t >= 12 && t % 2 === 0) values.push(take((t - 12) / 2));
    else if (t >= 13) {
      const raw = take((t - 13) / 2);
      values.push(db.utf8 ? Buffer.from(raw).toString('utf8') : Buffer.from(raw).toString('latin1'));
    } else throw new Bad(`serial type ${t} is reserved`);
  }
  return values;
}

/** Every row of the table b-tree rooted at `root`, in rowid order. */
function* tableRows(db: Db, root: number, seen: Set<number>): Generator<SqliteRow> {
  const stack = [root];
  // Depth first, left to right: interior cells are pushed in reverse.
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen.has(n)) throw new Bad(`page ${n} is used twice`);
    seen.add(n);
    const p = page(db, n);
    const h = n === 1 ? 100 : 0;
    const kind = p[h];
    const cells = u16(p, h + 3);
    if (kind === 0x05) {
      const children: number[] = [];
      for (let i = 0; i < cells; i++) children.push(u32(p, u16(p, h + 12 + 2 * i)));
      children.push(u32(p, h + 8));
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    } else if (kind === 0x0d) {
      for (let i = 0; i < cells; i++) {
        let at = u16(p, h + 8 + 2 * i);
        const size = varint(p, at);
        const rowid = varint(p, size.next);
        at = rowid.next;
        yield { rowid: rowid.value, values: record(db, payload(db, p, at, Number(size.value), seen)) };
      }
    } else throw new Bad(`page ${n} is not a table b-tree page (type ${kind})`);
  }
}

/**
 * The rows of table `name` in a database file's bytes, or why they cannot be read. `limit` caps
 * the rows (a database of a million rows is not a package list).
 */
export function sqliteTable(file: Uint8Array, name: string, limit = 100_000): { rows: SqliteRow[]; sql: string } | string {
  try {
    if (file.length < 100 || Buffer.from(file.subarray(0, 16)).toString('latin1') !== MAGIC) return 'not an SQLite 3 database';
    const raw = u16(file, 16);
    const pageSize = raw === 1 ? 65536 : raw;
    if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) return `page size ${raw} is not a power of two from 512`;
    const enc = u32(file, 56);
    const db: Db = { file, pageSize, usable: pageSize - file[20]!, pages: Math.floor(file.length / pageSize), utf8: enc === 0 || enc === 1 };
    if (db.pages === 0) return 'shorter than one page';
    let root: number | undefined;
    let sql = '';
    for (const r of tableRows(db, 1, new Set())) {
      const [type, tname, , rootpage, text] = r.values;
      if (type === 'table' && typeof tname === 'string' && tname.toLowerCase() === name.toLowerCase() && typeof rootpage === 'number') {
        root = rootpage;
        sql = typeof text === 'string' ? text : '';
      }
    }
    if (root === undefined) return `no table ${name}`;
    const rows: SqliteRow[] = [];
    for (const r of tableRows(db, root, new Set([1]))) {
      rows.push(r);
      if (rows.length >= limit) break;
    }
    return { rows, sql };
  } catch (err) {
    if (err instanceof Bad) return `damaged: ${err.message}`;
    throw err;
  }
}
