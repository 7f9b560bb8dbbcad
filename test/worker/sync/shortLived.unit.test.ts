import { deepFrozen, shortLived } from '../../../worker/sync/shortLived';

describe('shortLived: a read remembered for a short while per key', () => {
  const clock = () => {
    let now = 1_000_000;
    return { now: () => now, advance: (ms: number) => (now += ms) };
  };

  it('serves a success until it is ttl old, then reads again', async () => {
    const c = clock();
    let reads = 0;
    const read = shortLived((key) => Promise.resolve(`${key}:${++reads}`), 1_000, c.now);
    expect(await read('a')).toBe('a:1');
    c.advance(1_000);
    expect(await read('a')).toBe('a:1');
    expect(await read('b')).toBe('b:2');
    c.advance(1);
    expect(await read('a')).toBe('a:3');
  });

  it('shares one read between concurrent callers', async () => {
    let reads = 0;
    let release: (v: string) => void = () => undefined;
    const read = shortLived(() => {
      reads++;
      return new Promise<string>((resolve) => (release = resolve));
    }, 1_000);
    const both = Promise.all([read('a'), read('a')]);
    release('x');
    expect(await both).toEqual(['x', 'x']);
    expect(reads).toBe(1);
  });

  it('never remembers a failure', async () => {
    const c = clock();
    let reads = 0;
    const read = shortLived(
      () => (++reads === 1 ? Promise.reject(new Error('store down')) : Promise.resolve('ok')),
      1_000,
      c.now,
    );
    await expect(read('a')).rejects.toThrow('store down');
    expect(await read('a')).toBe('ok');
    expect(reads).toBe(2);
  });

  it('with a ttl of 0 reads every time once the read is done', async () => {
    let reads = 0;
    const read = shortLived(() => Promise.resolve(++reads), 0);
    expect(await read('a')).toBe(1);
    expect(await read('a')).toBe(2);
  });

  it('deepFrozen: a shared value cannot be changed by one user', () => {
    const value = deepFrozen({ shadowMode: { xeroToCrm: false }, codes: ['200'] });
    expect(() => {
      (value.shadowMode as { xeroToCrm: boolean }).xeroToCrm = true;
    }).toThrow(TypeError);
    expect(() => (value.codes as string[]).push('400')).toThrow(TypeError);
  });
});
