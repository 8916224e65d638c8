// The disk cache of a long-lived service: what it keeps between analyses, and when it asks the
// disk again (a changed stat; with watched folders, a file event).

import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cachedNodeFileSystem } from '../../../server/src/model';

/** Writes a file dated back (a new modification time even when the size stays). */
function writeOld(file: string, text: string, secondsAgo = 3600): void {
  fs.writeFileSync(file, text);
  const when = new Date(Date.now() - secondsAgo * 1000);
  fs.utimesSync(file, when, when);
}

/** Lets the files written so far age past the window in which a file may still change unseen (their change time cannot be set back). */
function letSettle(): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2100);
}

const textOf = (read: { text: string } | { error: string }): string | undefined => ('text' in read ? read.text : undefined);

describe('cached file system', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'httpd-cached-fs-'));
    fs.mkdirSync(path.join(dir, 'sites'));
    fs.mkdirSync(path.join(dir, 'available'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('without watched folders, sees a change on disk at the next read (the stat differs)', () => {
    const disk = cachedNodeFileSystem();
    const file = path.join(dir, 'sites', 'a.conf');
    writeOld(file, 'ServerName a\n');
    assert.strictEqual(textOf(disk.readFile(file)), 'ServerName a\n');
    writeOld(file, 'ServerName bb\n', 1800);
    assert.strictEqual(textOf(disk.readFile(file)), 'ServerName bb\n');
  });

  it('in a watched folder, keeps what it read until a file event, then reads the disk again', () => {
    const disk = cachedNodeFileSystem();
    const sites = path.join(dir, 'sites');
    const file = path.join(sites, 'a.conf');
    writeOld(file, 'ServerName a\n');
    letSettle();
    disk.watchedFolders(new Set([dir, sites]));
    assert.strictEqual(textOf(disk.readFile(file)), 'ServerName a\n');
    assert.deepStrictEqual(disk.readDirectory(sites), ['a.conf']);
    assert.strictEqual(disk.stat(path.join(sites, 'b.conf')), undefined);
    writeOld(file, 'ServerName bb\n', 1800);
    writeOld(path.join(sites, 'b.conf'), 'ServerName b\n', 1800);
    // No event yet: the client reports changes in these folders, so the disk is not asked.
    assert.strictEqual(textOf(disk.readFile(file)), 'ServerName a\n');
    assert.strictEqual(disk.stat(path.join(sites, 'b.conf')), undefined);
    disk.forget(path.join(sites, 'b.conf'));
    assert.strictEqual(disk.stat(path.join(sites, 'b.conf')), 'file', 'the path of the event is asked again');
    assert.deepStrictEqual(disk.readDirectory(sites).toString(), ['a.conf', 'b.conf'].toString(), 'and its folder');
    assert.strictEqual(textOf(disk.readFile(file)), 'ServerName a\n', 'a file no event named is still kept');
    disk.forget(file);
    assert.strictEqual(textOf(disk.readFile(file)), 'ServerName bb\n');
    disk.forget();
    assert.strictEqual(disk.stat(path.join(dir, 'c.conf')), undefined);
    writeOld(path.join(dir, 'c.conf'), 'ServerName c\n', 1800);
    disk.forget();
    assert.strictEqual(disk.stat(path.join(dir, 'c.conf')), 'file', 'an event without a path: everything is asked again');
  });

  it('after an event, asks again for what lies under the path and for every path reached through a link', () => {
    const disk = cachedNodeFileSystem();
    const sites = path.join(dir, 'sites');
    const available = path.join(dir, 'available');
    const conf = path.join(dir, 'conf');
    fs.mkdirSync(conf);
    const inConf = path.join(conf, 'x.conf');
    writeOld(inConf, 'ServerName x\n');
    writeOld(path.join(available, 'one.conf'), 'ServerName one\n');
    writeOld(path.join(available, 'two.conf'), 'ServerName two\n');
    // sites/link.conf -> available/hop.conf -> available/one.conf (a chain of two links).
    fs.symlinkSync(path.join(available, 'one.conf'), path.join(available, 'hop.conf'));
    const link = path.join(sites, 'link.conf');
    fs.symlinkSync(path.join(available, 'hop.conf'), link);
    const plain = path.join(sites, 'plain.conf');
    writeOld(plain, 'ServerName plain\n');
    letSettle();
    disk.watchedFolders(new Set([dir, sites, available, conf]));
    assert.strictEqual(textOf(disk.readFile(link)), 'ServerName one\n');
    assert.strictEqual(textOf(disk.readFile(inConf)), 'ServerName x\n');
    assert.strictEqual(textOf(disk.readFile(plain)), 'ServerName plain\n');
    // The middle link now leads elsewhere: only it is named by the event.
    fs.unlinkSync(path.join(available, 'hop.conf'));
    fs.symlinkSync(path.join(available, 'two.conf'), path.join(available, 'hop.conf'));
    writeOld(plain, 'ServerName plain2\n', 1800);
    assert.strictEqual(textOf(disk.readFile(link)), 'ServerName one\n', 'no event yet');
    disk.forget(path.join(available, 'hop.conf'));
    assert.strictEqual(textOf(disk.readFile(link)), 'ServerName two\n', 'a path reached through a link is asked again');
    assert.strictEqual(disk.realPath!(link), path.join(available, 'two.conf'));
    assert.strictEqual(textOf(disk.readFile(plain)), 'ServerName plain\n', 'a path through no link, not named, is kept');
    // A folder replaced: the event names the folder, not its files.
    writeOld(inConf, 'ServerName x2\n', 1800);
    assert.strictEqual(textOf(disk.readFile(inConf)), 'ServerName x\n');
    disk.forget(conf);
    assert.strictEqual(textOf(disk.readFile(inConf)), 'ServerName x2\n', 'what lies under the path of the event is asked again');
  });

  it('asks the disk again for a file outside the watched folders, behind a link to one, or changed within the last seconds', () => {
    const disk = cachedNodeFileSystem();
    const sites = path.join(dir, 'sites');
    const target = path.join(dir, 'available', 'c.conf');
    const link = path.join(sites, 'c.conf');
    const outside = path.join(dir, 'available', 'd.conf');
    const fresh = path.join(sites, 'fresh.conf');
    const target2 = path.join(dir, 'available', 'e.conf');
    const link2 = path.join(sites, 'e.conf');
    writeOld(target, 'ServerName c\n');
    fs.symlinkSync(target, link);
    writeOld(target2, 'ServerName e\n');
    fs.symlinkSync(target2, link2);
    writeOld(outside, 'ServerName d\n');
    letSettle();
    fs.writeFileSync(fresh, 'ServerName f\n');
    disk.watchedFolders(new Set([sites]));
    assert.strictEqual(textOf(disk.readFile(link)), 'ServerName c\n');
    assert.strictEqual(textOf(disk.readFile(outside)), 'ServerName d\n');
    assert.strictEqual(textOf(disk.readFile(fresh)), 'ServerName f\n');
    writeOld(target, 'ServerName cc\n', 1800);
    writeOld(outside, 'ServerName dd\n', 1800);
    fs.writeFileSync(fresh, 'ServerName ff\n');
    assert.strictEqual(textOf(disk.readFile(link)), 'ServerName cc\n', 'the link leads to an unwatched folder');
    assert.strictEqual(textOf(disk.readFile(outside)), 'ServerName dd\n', 'an unwatched folder');
    assert.strictEqual(textOf(disk.readFile(fresh)), 'ServerName ff\n', 'a file written just now');
    // Watchers replaced (or refused): nothing is kept on their word any more.
    disk.watchedFolders(new Set([sites, path.join(dir, 'available')]));
    assert.strictEqual(textOf(disk.readFile(link2)), 'ServerName e\n');
    writeOld(target2, 'ServerName ee\n', 1200);
    assert.strictEqual(textOf(disk.readFile(link2)), 'ServerName e\n', 'the link and its target in watched folders: kept until an event');
    disk.watchedFolders(undefined);
    assert.strictEqual(textOf(disk.readFile(link2)), 'ServerName ee\n', 'no watchers: the disk is asked');
  });
});
