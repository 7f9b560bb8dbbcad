/** Seeded PRNG (mulberry32): the same seed always gives the same dataset and the same fault draws. */
export type Rng = () => number;

export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * A deterministic UUID v4-shaped id from the generator (not cryptographically random, on purpose).
 * Built from a byte table in one template: seeding 100,000 records makes ~400,000 of these.
 */
export function uuidFrom(rng: Rng): string {
  const a = (rng() * 0x1_0000_0000) >>> 0;
  const b = (rng() * 0x1_0000_0000) >>> 0;
  const c = (rng() * 0x1_0000_0000) >>> 0;
  const d = (rng() * 0x1_0000_0000) >>> 0;
  const h = HEX as string[];
  return (
    `${h[a >>> 24]}${h[(a >>> 16) & 255]}${h[(a >>> 8) & 255]}${h[a & 255]}-` +
    `${h[b >>> 24]}${h[(b >>> 16) & 255]}-${h[((b >>> 8) & 0x0f) | 0x40]}${h[b & 255]}-` +
    `${h[((c >>> 24) & 0x3f) | 0x80]}${h[(c >>> 16) & 255]}-${h[(c >>> 8) & 255]}${h[c & 255]}` +
    `${h[d >>> 24]}${h[(d >>> 16) & 255]}${h[(d >>> 8) & 255]}${h[d & 255]}`
  );
}
