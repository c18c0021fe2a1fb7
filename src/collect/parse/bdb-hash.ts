/**
 * The values of a Berkeley DB hash database, read from its bytes without libdb: the format rpm's
 * `Packages` file has on RHEL 7 and 8, CentOS and Amazon Linux 2. From Berkeley DB's
 * dbinc/db_page.h: page 0 is the hash metadata (magic 0x061561 at offset 12, page size at 20,
 * last page at 32), every page starts with a 26-byte header (next page at 16, entry count at 20,
 * the overflow length at 22, the page type at 25), hash pages (types 2 and 13) hold an offset
 * array of key/data items from 26 on, and an item of type H_OFFPAGE (3) names the first of a
 * chain of overflow pages (type 7) and the value's total length. Read-only; every chain is
 * bounded and checked, so a damaged file ends in a reason.
 */

const HASH_MAGIC = 0x061561;
const P_HASH_UNSORTED = 2;
const P_OVERFLOW = 7;
const P_HASH = 13;
const H_KEYDATA = 1;
const H_OFFPAGE = 3;
const PAGE_HEADER = 26;

class Bad extends Error {}

/** Every data value of the database, in page order; `limit` caps how many. */
export function bdbHashValues(file: Uint8Array, limit = 100_000): Uint8Array[] | string {
  if (file.length < 512) return 'shorter than a Berkeley DB metadata page';
  const dv = new DataView(file.buffer, file.byteOffset, file.byteLength);
  // The file is in the byte order of the machine that wrote it: the magic says which.
  const le = dv.getUint32(12, true) === HASH_MAGIC;
  if (!le && dv.getUint32(12, false) !== HASH_MAGIC) return 'not a Berkeley DB hash database';
  const u32 = (at: number) => dv.getUint32(at, le);
  const u16 = (at: number) => dv.getUint16(at, le);
  const pageSize = u32(20);
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) return `page size ${pageSize} is not a power of two from 512 to 64 KiB`;
  const pages = Math.min(u32(32) + 1, Math.floor(file.length / pageSize));
  const pageAt = (n: number) => {
    if (!Number.isInteger(n) || n < 1 || n >= pages) throw new Bad(`page ${n} is outside the file's ${pages} pages`);
    return n * pageSize;
  };
  const overflow = (first: number, total: number): Uint8Array => {
    const out = new Uint8Array(total);
    let have = 0;
    let n = first;
    const seen = new Set<number>();
    while (have < total) {
      if (n === 0) throw new Bad('an overflow chain ends early');
      if (seen.has(n)) throw new Bad(`page ${n} is used twice in a chain`);
      seen.add(n);
      const at = pageAt(n);
      if (file[at + 25] !== P_OVERFLOW) throw new Bad(`page ${n} is not an overflow page`);
      const len = Math.min(u16(at + 22), pageSize - PAGE_HEADER, total - have);
      out.set(file.subarray(at + PAGE_HEADER, at + PAGE_HEADER + len), have);
      have += len;
      n = u32(at + 16);
    }
    return out;
  };
  try {
    const values: Uint8Array[] = [];
    for (let n = 1; n < pages; n++) {
      const at = n * pageSize;
      const type = file[at + 25];
      if (type !== P_HASH && type !== P_HASH_UNSORTED) continue;
      const entries = u16(at + 20);
      if (PAGE_HEADER + entries * 2 > pageSize) throw new Bad(`page ${n} says it holds ${entries} items`);
      const offset = (i: number) => u16(at + PAGE_HEADER + 2 * i);
      // Items alternate key, data; they are written from the page's end down.
      for (let i = 1; i < entries; i += 2) {
        const start = offset(i);
        const end = offset(i - 1);
        if (start >= pageSize || end > pageSize || start >= end) throw new Bad(`page ${n} item ${i} is outside its page`);
        const item = at + start;
        const kind = file[item];
        if (kind === H_OFFPAGE && start + 12 > end) throw new Bad(`page ${n} item ${i} is shorter than an off-page reference`);
        if (kind === H_KEYDATA) values.push(file.subarray(item + 1, at + end));
        else if (kind === H_OFFPAGE) {
          const total = u32(item + 8);
          if (total > file.length) throw new Bad(`page ${n} item ${i} says it is ${total} bytes long`);
          values.push(overflow(u32(item + 4), total));
        }
        if (values.length >= limit) return values;
      }
    }
    return values;
  } catch (err) {
    if (err instanceof Bad) return `damaged: ${err.message}`;
    throw err;
  }
}
