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
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const paths = REDACTED_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `headers.${key}`]);
  return pino(
    { level, base: { service: 'ledgerbridge-worker' }, redact: { paths, censor: '[redacted]' } },
    destination,
  );
}
