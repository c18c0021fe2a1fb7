import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sqliteTable } from '../../src/collect/parse/sqlite.js';
import { bdbHashValues } from '../../src/collect/parse/bdb-hash.js';
import { ndbBlobs } from '../../src/collect/parse/rpm-ndb.js';
import { parseRpmHeader, rpmEvr } from '../../src/collect/parse/rpm-header.js';

const CORPUS = path.join(import.meta.dirname, '..', 'corpus', 'rpmdb');
const read = (name: string) => new Uint8Array(fs.readFileSync(path.join(CORPUS, name)));
/** What `rpm -qa --qf '%{NAME} %{EVR} %{ARCH}'` shows, from the header blobs (the 4-byte Berkeley DB counter left out). */
const packages = (blobs: Uint8Array[]) =>
  blobs
    .filter((b) => b.length >= 8)
    .map((b) => {
      const p = parseRpmHeader(b);
      return typeof p === 'string' ? p : `${p.name} ${rpmEvr(p)} ${p.arch}`;
    });

describe('rpm databases, read without rpm', () => {
  it("reads rpm 4.18's SQLite database, a header spilling over overflow pages included", () => {
    const t = sqliteTable(read('rpm418.rpmdb.sqlite'), 'Packages');
    if (typeof t === 'string') throw new Error(t);
    expect(t.sql).toBe("CREATE TABLE 'Packages' (hnum INTEGER PRIMARY KEY AUTOINCREMENT,blob BLOB NOT NULL)");
    expect(t.rows.map((r) => r.rowid)).toEqual([1n, 2n, 3n]);
    const blobs = t.rows.map((r) => r.values[1] as Uint8Array);
    expect(blobs.map((b) => b.length)).toEqual([12688, 1804, 1828]);
    expect(packages(blobs)).toEqual(['overflow-test 2.0-5 noarch', 'runc 1:1.1.9-1.el9 noarch', 'containerd.io 1.6.24-3.1.el8 noarch']);
  });

  it("reads a RHEL 8 Berkeley DB Packages file: libuuid's 80 KB header from its overflow chain", () => {
    const values = bdbHashValues(read('rhel8-libuuid.Packages'));
    if (typeof values === 'string') throw new Error(values);
    expect(values.map((v) => v.length)).toEqual([4, 80880]);
    expect(packages(values)).toEqual(['libuuid 2.32.1-42.el8_8 x86_64']);
  });

  it('reads a Berkeley DB file written by Berkeley DB 5.3 with two headers beside the counter', () => {
    const values = bdbHashValues(read('db53-load.Packages'));
    if (typeof values === 'string') throw new Error(values);
    expect(packages(values).sort()).toEqual(['containerd.io 1.6.24-3.1.el8 noarch', 'runc 1:1.1.9-1.el9 noarch']);
  });

  it("reads rpm 4.18's ndb Packages.db", () => {
    const blobs = ndbBlobs(read('rpm418.Packages.db'));
    if (typeof blobs === 'string') throw new Error(blobs);
    expect(packages(blobs)).toEqual(['runc 1:1.1.9-1.el9 noarch', 'containerd.io 1.6.24-3.1.el8 noarch']);
  });

  it('says why, and never loops, on a file that is not one or is damaged', () => {
    expect(sqliteTable(new Uint8Array(200), 'Packages')).toBe('not an SQLite 3 database');
    expect(bdbHashValues(new Uint8Array(4096))).toBe('not a Berkeley DB hash database');
    expect(ndbBlobs(new Uint8Array(64))).toBe('not an rpm ndb database');
    // Cut after the first pages: the schema still reads, a table page or overflow page is missing.
    const sqlite = read('rpm418.rpmdb.sqlite');
    expect(sqliteTable(sqlite.subarray(0, 8192), 'Packages')).toMatch(/^damaged: page \d+ is outside the file's 2 pages$/);
    expect(sqliteTable(sqlite, 'NoSuchTable')).toBe('no table NoSuchTable');
    // An overflow page that points back at itself.
    const bdb = Buffer.from(read('rhel8-libuuid.Packages'));
    const pageSize = bdb.readUInt32LE(20);
    for (let n = 1; n * pageSize < bdb.length; n++) if (bdb[n * pageSize + 25] === 7) bdb.writeUInt32LE(n, n * pageSize + 16);
    expect(bdbHashValues(bdb)).toMatch(/^damaged: page \d+ is used twice in a chain$/);
    const ndb = Buffer.from(read('rpm418.Packages.db'));
    ndb.writeUInt32LE(0x7fffffff, 0x28);
    expect(ndbBlobs(ndb)).toMatch(/^damaged: package 1's slot points at no blob of its own/);
    expect(parseRpmHeader(new Uint8Array([0, 0, 0, 9, 0, 0, 0, 1]))).toBe('an RPM header whose 9 entries and 1 data bytes do not fit its 8 bytes');
  });
});
