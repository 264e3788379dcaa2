/**
 * The CSV reader's bounds and its decoding: fields and rows over their limits stop the reader at the
 * limit with the record's line, whatever follows; bytes that are not UTF-8 are marked on their record,
 * never replaced silently; characters split across chunks decode whole; the `imports` config keys.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readCsv, CsvSyntaxError, type CsvOptions, type CsvRecord } from '../../src/imports/csv.ts';
import { chunkDecoder, showBadBytes, markedText } from '../../src/imports/text-decoding.ts';
import { boundedBytes, FileTooLarge, fileEncodingOf } from '../../src/imports/import-limits.ts';
import { loadConfig } from '../../src/config.ts';

async function read(chunks: Array<Buffer | string>, options: CsvOptions = {}): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  const source = (async function* () {
    for (const c of chunks) yield typeof c === 'string' ? Buffer.from(c) : c;
  })();
  for await (const batch of readCsv(source, options)) out.push(...batch);
  return out;
}

const tooLong = (line: number, what: 'field' | 'row', limit: number) => (e: unknown): boolean =>
  e instanceof CsvSyntaxError && e.line === line && e.message === `line ${line}: a ${what} is longer than ${limit} bytes`;

describe('readCsv bounds', () => {
  const limits = { maxFieldBytes: 300, maxRowBytes: 1000 };

  it('takes a field of exactly maxFieldBytes and refuses one byte more, in bytes of UTF-8, naming the line', async () => {
    const ok = await read([`a,b\n1,${'x'.repeat(300)}\n2,"${'"'.repeat(298)}"\n3,${'é'.repeat(150)}\n`], limits);
    assert.deepEqual(ok.map((r) => r.fields[1]!.length), [1, 300, 149, 150]);
    await assert.rejects(read([`a,b\n1,x\n2,${'x'.repeat(301)}\n`], limits), tooLong(3, 'field', 300));
    await assert.rejects(read([`a,b\n1,${'é'.repeat(150)}x\n`], limits), tooLong(2, 'field', 300), '151 characters, 301 bytes');
    await assert.rejects(read([`a,b\n1,"${'x'.repeat(200)}\n${'y'.repeat(100)}"\n`], limits), tooLong(2, 'field', 300), 'a line break inside quotes counts');
    await assert.rejects(read([`a,b\n1,"${'€'.repeat(101)}"\n`], limits), tooLong(2, 'field', 300), '3-byte characters');
  });

  it('takes a row of exactly maxRowBytes and refuses one byte more', async () => {
    const field = 'x'.repeat(99);
    const row = Array.from({ length: 10 }, () => field).join(',');
    assert.equal(row.length, 999);
    assert.equal((await read([`h\n${row}y\r\n`], limits))[1]!.fields.length, 10);
    await assert.rejects(read([`h\n${row}yz\n`], limits), tooLong(2, 'row', 1000));
    await assert.rejects(read([`h\n"${row}yz"\n`], limits), tooLong(2, 'field', 300), 'quoted: the field is over first');
  });

  it('stops a quoted field that never closes at the limit, having read little more than it', async () => {
    let pulled = 0;
    const chunk = Buffer.alloc(16 * 1024, 'x');
    const endless = (async function* () {
      yield Buffer.from('userContactId,notes\nC1,fine\nC2,"');
      for (;;) {
        pulled += chunk.length;
        yield chunk;
      }
    })();
    await assert.rejects(async () => {
      for await (const batch of readCsv(endless, { maxFieldBytes: 65_536, maxRowBytes: 1 << 20 })) void batch;
    }, tooLong(3, 'field', 65_536));
    assert.ok(pulled <= 65_536 + 2 * chunk.length, `read ${pulled} bytes of the field`);
  });

  it('stops a line that never ends at the row limit', async () => {
    let pulled = 0;
    const chunk = Buffer.from('abc,'.repeat(4096));
    const endless = (async function* () {
      yield Buffer.from('a,b\n');
      for (;;) {
        pulled += chunk.length;
        yield chunk;
      }
    })();
    await assert.rejects(async () => {
      for await (const batch of readCsv(endless, { maxFieldBytes: 65_536, maxRowBytes: 1 << 20 })) void batch;
    }, tooLong(2, 'row', 1 << 20));
    assert.ok(pulled <= (1 << 20) + 2 * chunk.length, `read ${pulled} bytes of the row`);
  });

  it('yields a batch early once it holds batchChars characters', async () => {
    const rows = Array.from({ length: 20 }, (_, i) => `${i},${'x'.repeat(10_000)}`).join('\n');
    const sizes: number[] = [];
    const source = (async function* () {
      yield Buffer.from(`a,b\n${rows}\n`);
    })();
    for await (const batch of readCsv(source, { batchSize: 1000, batchChars: 50_000 })) sizes.push(batch.length);
    assert.equal(sizes.reduce((a, b) => a + b, 0), 21);
    assert.ok(Math.max(...sizes) <= 6, `batches of ${sizes.join(', ')}`);
  });
});

describe('decoding', () => {
  const mark: CsvOptions = { invalidUtf8: 'mark' };

  it('decodes characters of 2, 3 and 4 bytes wherever the chunks cut them', async () => {
    const text = 'id,name\n1,José Ñúñez\n2,"€uro, 日本"\n3,😀🎉 ok\n4,\ufffd kept\n';
    const bytes = Buffer.from(text);
    const whole = await read([bytes], mark);
    assert.deepEqual(whole.map((r) => r.fields), [['id', 'name'], ['1', 'José Ñúñez'], ['2', '€uro, 日本'], ['3', '😀🎉 ok'], ['4', '\ufffd kept']]);
    assert.ok(whole.every((r) => r.badBytes === undefined), 'a U+FFFD the file has is not a bad byte');
    for (let cut = 1; cut < bytes.length; cut++) {
      assert.deepEqual(await read([bytes.subarray(0, cut), bytes.subarray(cut)], mark), whole, `cut at ${cut}`);
    }
    const single = [...bytes].map((b) => Buffer.from([b]));
    assert.deepEqual(await read(single, mark), whole, 'one byte a chunk');
  });

  it('marks the record and field that hold bytes that are not UTF-8, wherever the chunks cut them', async () => {
    const bytes = Buffer.concat([Buffer.from('id,name\n1,ok\n2,caf'), Buffer.from([0xe9]), Buffer.from(',x\n3,fine €\n')]);
    const whole = await read([bytes], mark);
    assert.deepEqual(whole.map((r) => [r.line, r.badBytes ?? false]), [[1, false], [2, false], [3, true], [4, false]]);
    assert.equal(whole[2]!.fields[1], 'caf\udce9');
    assert.equal(showBadBytes(whole[2]!.fields[1]!), 'caf\\xE9');
    for (let cut = 1; cut < bytes.length; cut++) {
      assert.deepEqual(await read([bytes.subarray(0, cut), bytes.subarray(cut)], mark), whole, `cut at ${cut}`);
    }
  });

  it('marks overlong forms, encoded surrogates, bytes that start nothing and a character cut off by the end', () => {
    const cases: Array<[number[], string]> = [
      [[0x41, 0xc0, 0x80, 0x42], 'A\\xC0\\x80B'],
      [[0xed, 0xa0, 0x80], '\\xED\\xA0\\x80'],
      [[0xf5, 0x41], '\\xF5A'],
      [[0xe2, 0x82], '\\xE2\\x82'],
      [[0xf0, 0x9f, 0x98, 0x80], '😀'],
    ];
    for (const [input, shown] of cases) assert.equal(showBadBytes(markedText(Buffer.from(input))), shown, input.join(' '));
    const decoder = chunkDecoder('utf-8', 'mark');
    assert.equal(decoder.write(Buffer.from([0x41, 0xe2, 0x82])), 'A');
    assert.equal(showBadBytes(decoder.end()), '\\xE2\\x82');
    assert.equal(decoder.marked, true);
  });

  it('replaces as before unless asked to mark; reads windows-1252 when declared', async () => {
    const latin1 = Buffer.from([0x61, 0x0a, 0x63, 0x61, 0x66, 0xe9, 0x20, 0x80, 0x0a]);
    assert.equal((await read([latin1]))[1]!.fields[0], 'caf\ufffd \ufffd');
    assert.equal((await read([latin1], { encoding: 'windows-1252', invalidUtf8: 'mark' }))[1]!.fields[0], 'café €');
    assert.equal(fileEncodingOf('Latin1'), 'windows-1252');
    assert.equal(fileEncodingOf('UTF-8'), 'utf-8');
    assert.equal(fileEncodingOf('ebcdic'), undefined);
  });
});

describe('file size', () => {
  it('stops at the chunk that crosses maxFileBytes, or at once when the declared size is over it', async () => {
    let pulled = 0;
    const endless = (async function* () {
      for (;;) {
        pulled++;
        yield Buffer.alloc(1000);
      }
    })();
    await assert.rejects(async () => {
      for await (const chunk of boundedBytes(endless, 10_500)) void chunk;
    }, (e: unknown) => e instanceof FileTooLarge && /larger than the 10500 bytes allowed \(imports\.maxFileBytes\)/.test(e.message));
    assert.equal(pulled, 11);
    await assert.rejects(boundedBytes((async function* () { yield 'x'; })(), 100, 101).next(), /the file is 101 bytes, more than the 100 allowed/);
  });
});

describe('imports config', () => {
  it('has defaults for the largest real lists and checks what is set', () => {
    assert.deepEqual(loadConfig({}).imports, { maxFileBytes: 2 * 1024 ** 3, maxFieldBytes: 65_536, maxRowBytes: 1_048_576 });
    assert.equal(loadConfig({ env: { NAILUP__imports__maxFieldBytes: '1024' } }).imports.maxFieldBytes, 1024);
    assert.equal(loadConfig({ flags: { 'imports.maxFileBytes': 5_000_000 } }).imports.maxFileBytes, 5_000_000);
    assert.throws(() => loadConfig({ flags: { 'imports.maxRowBytes': 1000, 'imports.maxFieldBytes': 2000 } }), /imports\.maxRowBytes: must be at least imports\.maxFieldBytes/);
    assert.throws(() => loadConfig({ flags: { 'imports.maxFieldBytes': 10 } }), /imports\.maxFieldBytes: must be a whole number from 256/);
    assert.throws(() => loadConfig({ flags: { 'imports.maxFileBytes': -1 } }), /imports\.maxFileBytes/);
    assert.throws(() => loadConfig({ flags: { 'imports.maxBytes': 1 } }), /imports\.maxBytes: unknown key/);
  });
});
