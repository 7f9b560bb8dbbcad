import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING } from '../../../worker/temporal/payloadCodec';
import { formatPayloadKeyring, payloadKeyringSchema } from '../../../worker/temporal/payloadKeys';

const key = (id: string) => ({ id, key: randomBytes(32) });
const payloadOf = (value: unknown): Payload => defaultPayloadConverter.toPayload(value);
const valueOf = (payload: Payload | undefined): unknown =>
  payload ? defaultPayloadConverter.fromPayload(payload) : undefined;
const text = (payload: Payload | undefined) =>
  Buffer.from(payload?.data ?? new Uint8Array()).toString('latin1');

describe('AES-GCM payload codec', () => {
  const secret = { customer: 'Ridgeway Holdings Ltd', accessToken: 'tok-SECRET-123' };

  it('round-trips a payload and leaves nothing readable in the encoded form', async () => {
    const codec = new AesGcmPayloadCodec([key('k1')]);
    const [encoded] = await codec.encode([payloadOf(secret)]);
    expect(Buffer.from(encoded?.metadata?.encoding ?? []).toString()).toBe(ENCRYPTED_ENCODING);
    expect(Buffer.from(encoded?.metadata?.['encryption-key-id'] ?? []).toString()).toBe('k1');
    expect(text(encoded)).not.toContain('Ridgeway');
    expect(text(encoded)).not.toContain('tok-SECRET');
    const [decoded] = await codec.decode(encoded ? [encoded] : []);
    expect(valueOf(decoded)).toEqual(secret);
  });

  it('rotates: the newest key encrypts, history written with a retired key still decrypts', async () => {
    const old = key('2025');
    const [written] = await new AesGcmPayloadCodec([old]).encode([payloadOf('before rotation')]);
    const rotated = new AesGcmPayloadCodec([key('2026'), old]);
    const [fresh] = await rotated.encode([payloadOf('after rotation')]);
    expect(Buffer.from(fresh?.metadata?.['encryption-key-id'] ?? []).toString()).toBe('2026');
    const decoded = await rotated.decode([written, fresh].filter((p): p is Payload => p !== undefined));
    expect(decoded.map(valueOf)).toEqual(['before rotation', 'after rotation']);
  });

  it('refuses a tampered payload and one sealed with a key it does not have', async () => {
    const codec = new AesGcmPayloadCodec([key('k1')]);
    const [encoded] = await codec.encode([payloadOf(secret)]);
    if (!encoded?.data) throw new Error('no encoded payload');
    const flipped = Buffer.from(encoded.data);
    flipped[20] = (flipped[20] ?? 0) ^ 0xff;
    await expect(codec.decode([{ ...encoded, data: flipped }])).rejects.toThrow(/failed authentication/);
    await expect(new AesGcmPayloadCodec([key('other')]).decode([encoded])).rejects.toThrow(
      /key "k1", which is not configured/,
    );
  });

  it('passes through payloads written before encryption was switched on', async () => {
    const plain = payloadOf({ a: 1 });
    const [decoded] = await new AesGcmPayloadCodec([key('k1')]).decode([plain]);
    expect(valueOf(decoded)).toEqual({ a: 1 });
  });

  it('validates the key list from the environment, naming what is wrong', () => {
    const good = formatPayloadKeyring([key('a'), key('b')]);
    expect(payloadKeyringSchema.parse(good).map((k) => k.id)).toEqual(['a', 'b']);
    const short = `a:${randomBytes(16).toString('base64')}`;
    expect(payloadKeyringSchema.safeParse(short).error?.issues[0]?.message).toMatch(/32 bytes/);
    expect(payloadKeyringSchema.safeParse(`${good},${good}`).error?.issues[0]?.message).toMatch(/unique/);
    expect(payloadKeyringSchema.safeParse('no-colon').error?.issues[0]?.message).toMatch(/id:base64/);
  });
});
