/** The streaming CSV reader and the phone normalizer. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { readCsv, CsvSyntaxError } from '../../src/imports/csv.ts';
import { PhoneNormalizer } from '../../src/imports/phone.ts';
import { holdsNul, packRows, unpackRows } from '../../src/imports/packed-rows.ts';

async function records(chunks: string[]): Promise<Array<[number, string[]]>> {
  const out: Array<[number, string[]]> = [];
  const source = (async function* () {
    for (const c of chunks) yield Buffer.from(c);
  })();
  for await (const batch of readCsv(source, { batchSize: 2 })) for (const r of batch) out.push([r.line, r.fields]);
  return out;
}

describe('readCsv', () => {
  it('reads quoted fields, doubled quotes, CRLF, line breaks in quotes, a BOM and blank lines', async () => {
    assert.deepEqual(await records(['\ufeffa,b,c\r\n1,"x,y",3\r\n\r\n"he said ""hi""",2,3\n"two\nlines",5,6\n7,8,9']), [
      [1, ['a', 'b', 'c']], [2, ['1', 'x,y', '3']], [4, ['he said "hi"', '2', '3']], [5, ['two\nlines', '5', '6']], [7, ['7', '8', '9']],
    ]);
  });

  it('gives the same records wherever the chunks are cut', async () => {
    const text = 'id,note\n1,"a ""b""\r\nc"\r\n2,plain\n"3",x';
    const whole = await records([text]);
    for (let cut = 1; cut < text.length; cut++) assert.deepEqual(await records([text.slice(0, cut), text.slice(cut)]), whole, `cut at ${cut}`);
  });

  it('detects ; and tab delimiters from the header', async () => {
    assert.deepEqual(await records(['a;b\n1;2\n']), [[1, ['a', 'b']], [2, ['1', '2']]]);
    assert.deepEqual(await records(['a\tb\n1\t2\n']), [[1, ['a', 'b']], [2, ['1', '2']]]);
  });

  it('names the line of a broken record', async () => {
    await assert.rejects(records(['a,b\n1,2\n3,"open\n']), (e: unknown) => e instanceof CsvSyntaxError && e.line === 3);
    await assert.rejects(records(['a,b\n1,x"y\n']), (e: unknown) => e instanceof CsvSyntaxError && e.line === 2 && /quote/.test(e.message));
  });
});

describe('PhoneNormalizer', () => {
  it('writes E.164 and derives the time zone from the area code or the country', () => {
    const n = new PhoneNormalizer('US');
    assert.deepEqual(n.normalize('(212) 555-0123'), { ok: true, number: '+12125550123', countryCode: '1', region: 'US', timezone: 'America/New_York' });
    const chicago = n.normalize('+1 312 555 0100');
    assert.equal(chicago.ok && chicago.timezone, 'America/Chicago');
    const toronto = n.normalize('+1 416 555 0199');
    assert.equal(toronto.ok && toronto.region, 'CA');
    assert.equal(toronto.ok && toronto.timezone, 'America/Toronto');
    const london = n.normalize('+44 20 7946 0018');
    assert.equal(london.ok && london.number, '+442079460018');
    assert.equal(london.ok && london.timezone, 'Europe/London');
    const gb = new PhoneNormalizer('GB').normalize('020 7946 0018');
    assert.equal(gb.ok && gb.number, '+442079460018');
  });

  it('refuses what is not a valid number', () => {
    const n = new PhoneNormalizer('US');
    for (const bad of ['', '12', 'call me', '+1 555 0100', '+1 211 555 0100']) {
      const r = n.normalize(bad);
      assert.equal(r.ok, false, bad);
    }
  });

  it('agrees with libphonenumber on every number, while asking it far less often', () => {
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const prefixes = ['+1', '+44', '+49', '+33', '+91', '+61', '+81', '+55', '+1246', '+1876', '', '', '1', '0'];
    const samples: string[] = [];
    for (let i = 0; i < 30_000; i++) {
      let digits = '';
      const length = 6 + Math.floor(random() * 7);
      for (let k = 0; k < length; k++) digits += Math.floor(random() * 10);
      samples.push(prefixes[Math.floor(random() * prefixes.length)]! + digits);
    }
    for (let i = 0; i < 30_000; i++) samples.push(`+1${['212', '312', '415', '617', '416', '246', '876'][i % 7]}${200 + Math.floor(random() * 800)}${String(Math.floor(random() * 10_000)).padStart(4, '0')}`);
    const n = new PhoneNormalizer('US');
    for (const s of samples) {
      const ours = n.normalize(s);
      const theirs = parsePhoneNumberFromString(s, { defaultCountry: 'US', extract: false });
      const expected = theirs?.isValid() ? theirs.number : null;
      assert.equal(ours.ok ? ours.number : null, expected, s);
      if (ours.ok) assert.equal(ours.region, theirs?.country ?? '', s);
    }
    assert.ok(n.parsed < samples.length * 0.8, `libphonenumber parsed ${n.parsed} of ${samples.length}`);
  });
});

describe('packed rows', () => {
  it('come back as they were packed', () => {
    const rows = [{ rowNumber: 2, id: 'a', text: '' }, { rowNumber: 3, id: 'b,c', text: 'x\ny' }, { rowNumber: 9, id: '', text: '"q"' }];
    assert.deepEqual(unpackRows(structuredClone(packRows(rows, ['id', 'text'], ['rowNumber']))), rows);
    assert.deepEqual(unpackRows(packRows([], ['id'], ['rowNumber'])), []);
    assert.equal(holdsNul('a\u0000b'), true);
    assert.equal(holdsNul(Buffer.from('a\u0000b')), true);
    assert.equal(holdsNul(Buffer.from('ab')), false);
  });
});
