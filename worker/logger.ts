import pino, { type Logger } from 'pino';

export type { Logger };

/** Field names whose values never reach a log line, wherever they appear. */
export const REDACTED_KEYS = [
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'id_token',
  'clientSecret',
  'client_secret',
  'apiKey',
  'authorization',
  'password',
  'secret',
  'token',
  'cookie',
];

/**
 * Credentials that hide inside text rather than in a named field: an error message quoting the
 * request's `Authorization: Bearer …`, a URL with `?access_token=…` or `token=…`.
 */
const SECRET_IN_TEXT = /(bearer\s+|(?:access_token|refresh_token|token|client_secret)=)[^\s&"',;]+/gi;

export function scrubText(text: string): string {
  return text.replace(SECRET_IN_TEXT, '$1[redacted]');
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const paths = REDACTED_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `headers.${key}`]);
  return pino(
    {
      level,
      base: { service: 'ledgerbridge-worker' },
      redact: { paths, censor: '[redacted]' },
      serializers: {
        err: (err: Error) => {
          const serialized = pino.stdSerializers.err(err);
          return {
            ...serialized,
            message: scrubText(serialized.message),
            stack: scrubText(serialized.stack),
          };
        },
      },
      // The message itself (and any interpolated string argument) is scrubbed too.
      hooks: {
        logMethod(args, method) {
          method.apply(
            this,
            args.map((arg) => (typeof arg === 'string' ? scrubText(arg) : arg)) as Parameters<typeof method>,
          );
        },
      },
    },
    destination,
  );
}
