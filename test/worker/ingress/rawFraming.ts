import fc from 'fast-check';

/** How a body is framed: an honest Content-Length, or one of the ways a client gets it wrong. */
export type Framing = 'exact' | 'none' | 'more' | 'less' | 'garbage' | 'twice' | 'chunked' | 'chunkedBroken';
export const framing = fc.oneof(
  { weight: 8, arbitrary: fc.constant<Framing>('exact') },
  fc.constantFrom<Framing>('none', 'more', 'less', 'garbage', 'twice', 'chunked', 'chunkedBroken'),
);

/** A change to the finished bytes: cut short, a byte flipped, a stray CRLF, sent twice (pipelined). */
export type Mutation = { kind: 'none' } | { kind: 'truncate' | 'flip' | 'insertCrlf' | 'repeat'; at: number };
export const mutation = fc.oneof(
  { weight: 8, arbitrary: fc.constant<Mutation>({ kind: 'none' }) },
  fc.record({
    kind: fc.constantFrom('truncate' as const, 'flip' as const, 'insertCrlf' as const, 'repeat' as const),
    at: fc.nat(),
  }),
);

const latin1 = (s: string) => Buffer.from(s, 'latin1');

/** The request's bytes: request line, headers, the framing's length header, the body. */
export function frame(
  method: string,
  target: string,
  headers: Array<[string, string]>,
  body: Buffer,
  framing: Framing,
): Buffer {
  const lines = [`${method} ${target} HTTP/1.1`, ...headers.map(([k, v]) => `${k}: ${v}`)];
  switch (framing) {
    case 'exact':
      lines.push(`Content-Length: ${body.length}`);
      break;
    case 'more':
      lines.push(`Content-Length: ${body.length + 10}`);
      break;
    case 'less':
      lines.push(`Content-Length: ${Math.max(0, body.length - 3)}`);
      break;
    case 'garbage':
      lines.push('Content-Length: -1x');
      break;
    case 'twice':
      lines.push(`Content-Length: ${body.length}`, `Content-Length: ${body.length + 1}`);
      break;
    case 'chunked':
    case 'chunkedBroken':
      lines.push('Transfer-Encoding: chunked');
      break;
    case 'none':
      break;
  }
  const head = latin1(`${lines.join('\r\n')}\r\n\r\n`);
  if (framing === 'chunked')
    return Buffer.concat([head, latin1(`${body.length.toString(16)}\r\n`), body, latin1('\r\n0\r\n\r\n')]);
  if (framing === 'chunkedBroken') return Buffer.concat([head, latin1('zz\r\n'), body]);
  return Buffer.concat([head, body]);
}

/** The finished bytes, changed by the mutation. */
export function mutate(bytes: Buffer, m: Mutation): Buffer {
  if (m.kind === 'none' || bytes.length === 0) return bytes;
  const at = m.at % bytes.length;
  switch (m.kind) {
    case 'truncate':
      return bytes.subarray(0, at);
    case 'flip': {
      const copy = Buffer.from(bytes);
      copy[at] = (copy[at] ?? 0) ^ 0xff;
      return copy;
    }
    case 'insertCrlf':
      return Buffer.concat([bytes.subarray(0, at), latin1('\r\n'), bytes.subarray(at)]);
    case 'repeat':
      return Buffer.concat([bytes, bytes]);
  }
}
