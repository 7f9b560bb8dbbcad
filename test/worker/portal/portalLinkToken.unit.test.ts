import { randomBytes, randomUUID } from 'node:crypto';
import { readPortalToken, signPortalToken, verifyPortalToken } from '../../../worker/portal/portalLinkToken';

describe('portal link tokens', () => {
  const key = randomBytes(32);
  const installationId = randomUUID();
  const claims = { linkId: randomUUID(), expiresAt: 1_800_000_000 };
  const token = signPortalToken(key, installationId, claims);

  it('carry the link ID and expiry, signed for the installation', () => {
    expect(token).toMatch(/^[0-9a-f-]{36}\.1800000000\.[A-Za-z0-9_-]{43}$/);
    expect(verifyPortalToken(key, installationId, token)).toEqual(claims);
  });

  it('refuse any altered character, a later expiry, another key or another installation', () => {
    const flip = (s: string, i: number) => `${s.slice(0, i)}${s[i] === 'a' ? 'b' : 'a'}${s.slice(i + 1)}`;
    for (const i of [0, 20, 37, token.length - 1])
      expect(verifyPortalToken(key, installationId, flip(token, i))).toBeUndefined();
    const [, , signature] = token.split('.');
    expect(
      verifyPortalToken(key, installationId, `${claims.linkId}.1900000000.${signature}`),
    ).toBeUndefined();
    expect(verifyPortalToken(randomBytes(32), installationId, token)).toBeUndefined();
    expect(verifyPortalToken(key, randomUUID(), token)).toBeUndefined();
  });

  it('read nothing from malformed tokens', () => {
    for (const bad of ['', 'x', `${claims.linkId}.1`, `${token}.extra`, token.toUpperCase(), `${token}=`])
      expect(readPortalToken(bad)).toBeUndefined();
  });
});
