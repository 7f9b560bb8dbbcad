import { randomBytes } from 'node:crypto';
import { parseKeyring, SecretBox, SecretBoxError } from '../../../worker/connections/secretBox';

const keySpec = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;

describe('SecretBox', () => {
  const k1 = keySpec('k1');
  const k2 = keySpec('k2');

  it('round-trips and never stores the plaintext', () => {
    const box = new SecretBox(parseKeyring(k1));
    const sealed = box.seal('refresh-token-value', 'conn-1');
    expect(JSON.stringify(sealed)).not.toContain('refresh-token-value');
    expect(box.open(sealed, 'conn-1')).toBe('refresh-token-value');
  });

  it('uses a fresh IV each time', () => {
    const box = new SecretBox(parseKeyring(k1));
    expect(box.seal('x', 'a').iv).not.toBe(box.seal('x', 'a').iv);
  });

  it('refuses a value moved to another owner or tampered with', () => {
    const box = new SecretBox(parseKeyring(k1));
    const sealed = box.seal('secret', 'conn-1');
    expect(() => box.open(sealed, 'conn-2')).toThrow(SecretBoxError);
    const flipped = Buffer.from(sealed.data, 'base64');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() => box.open({ ...sealed, data: flipped.toString('base64') }, 'conn-1')).toThrow(
      /authentication/,
    );
  });

  it('rotates: old values open with a retired key and report needing re-encryption', () => {
    const before = new SecretBox(parseKeyring(k1));
    const sealed = before.seal('secret', 'c');
    const after = new SecretBox(parseKeyring(`${k2},${k1}`));
    expect(after.open(sealed, 'c')).toBe('secret');
    expect(after.needsRotation(sealed)).toBe(true);
    expect(after.needsRotation(after.seal('secret', 'c'))).toBe(false);
    expect(() => new SecretBox(parseKeyring(k2)).open(sealed, 'c')).toThrow(/no key "k1"/);
  });

  it.each([
    ['', /at least one key/],
    ['nocolon', /id:base64/],
    [`short:${Buffer.alloc(16).toString('base64')}`, /32 bytes/],
    [`${'a'}:${Buffer.alloc(32).toString('base64')},a:${Buffer.alloc(32).toString('base64')}`, /unique/],
  ])('rejects the keyring %j', (spec, message) => {
    expect(() => parseKeyring(spec)).toThrow(message);
  });
});
