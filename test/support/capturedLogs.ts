import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../worker/logger';

/** The worker's own logger (with its redaction) at trace level, writing into memory for scanning. */
export function capturedLogger(): { logger: Logger; text(): string } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: createLogger('trace', sink), text: () => lines.join('') };
}
