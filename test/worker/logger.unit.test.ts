import { Writable } from 'node:stream';
import { createLogger } from '../../worker/logger';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: createLogger('debug', stream), text: () => lines.join('') };
}

describe('logger redaction', () => {
  it('never writes token or secret values, at any nesting depth it knows', () => {
    const { logger, text } = capture();
    logger.info(
      {
        accessToken: 'AT-1',
        refresh_token: 'RT-1',
        connection: { clientSecret: 'CS-1', tokens: { access_token: 'AT-2' } },
      },
      'refreshed',
    );
    logger.info({ headers: { authorization: 'Bearer AT-3' } }, 'request');
    const out = text();
    for (const secret of ['AT-1', 'RT-1', 'CS-1', 'AT-2', 'AT-3']) expect(out).not.toContain(secret);
    expect(out).toContain('[redacted]');
    expect(out).toContain('"msg":"refreshed"');
  });
});
