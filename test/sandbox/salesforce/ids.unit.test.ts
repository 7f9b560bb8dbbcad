import { IdFactory, normalizeId, to18 } from '../../../sandbox/salesforce/ids';

describe('Salesforce IDs', () => {
  it('appends the case checksum of the 15-character ID', () => {
    expect(to18('0015000000VALDt')).toBe('0015000000VALDtAAP');
    expect(to18('001000000000000')).toBe('001000000000000AAA');
    expect(to18('ABCDEFGHIJKLMNO')).toBe('ABCDEFGHIJKLMNO555');
    // "a01Bz": B is bit 3 → 8 → I; "00000": A; "00xYz": Y is bit 3 → I.
    expect(to18('a01Bz0000000xYz').slice(15)).toBe('IAI');
  });

  it('accepts 15- and 18-character input, recasing an 18-character ID from its checksum', () => {
    expect(normalizeId('0015000000VALDt')).toBe('0015000000VALDtAAP');
    expect(normalizeId('0015000000valdtaap')).toBe('0015000000VALDtAAP');
    expect(normalizeId('0015000000VALDtAAP')).toBe('0015000000VALDtAAP');
    expect(normalizeId('not-an-id')).toBeUndefined();
    expect(normalizeId('0015000000VALDtAA9')).toBeUndefined();
  });

  it('issues IDs with the object’s key prefix, deterministically', () => {
    const a = new IdFactory();
    const b = new IdFactory();
    const first = a.next('006');
    expect(first).toMatch(/^006[a-zA-Z0-9]{15}$/);
    expect(normalizeId(first)).toBe(first);
    expect(b.next('006')).toBe(first);
    expect(a.next('006')).not.toBe(first);
  });
});
