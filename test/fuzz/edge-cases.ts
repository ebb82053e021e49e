/** HTTP cases at the edges: giant and numerous headers, compression bombs, deep nesting. */
import { gzipSync } from 'node:zlib';
import { signPodiumDelivery } from '../../src/signature/sign-podium-delivery';
import { post, signed, uniqueEvent, unsigned, type CaseContext, type HttpCase } from './http-case';

export function giantHeaderCases(ctx: CaseContext): HttpCase[] {
  const marked = () => Buffer.from(ctx.marker());
  const sizes = [4096, 8192, 12_000, 16_384, 17_000, 65_536, 1 << 20];
  const counts = [100, 1000, 3000];
  const many = (count: number) =>
    Object.fromEntries(Array.from({ length: count }, (_, i) => [`x-h${i}`, 'v']));
  return [
    ...sizes.map((size) =>
      post('giant-headers', 'refuse', () => unsigned(marked(), { 'x-big': 'a'.repeat(size) })),
    ),
    ...counts.map((count) =>
      post('giant-headers', 'refuse', () => unsigned(marked(), many(count))),
    ),
    post('giant-headers', 'refuse', () =>
      unsigned(marked(), {
        'podium-timestamp': String(Date.now()),
        'podium-signature': 'ab'.repeat(7000),
      }),
    ),
    // Under Node's 16 KiB of headers, a signed delivery with a large extra header is Podium's.
    post('giant-headers', 'accept', () =>
      signed(ctx.secret, uniqueEvent(), { 'x-big': 'b'.repeat(12_000) }),
    ),
  ];
}

export function encodingCases(ctx: CaseContext): HttpCase[] {
  const bomb = gzipSync(Buffer.alloc(50 << 20)); // 50 MiB of zeros in ~50 KB
  const event = uniqueEvent();
  return [
    post('encodings', 'refuse', () => signed(ctx.secret, bomb, { 'content-encoding': 'gzip' })),
    post('encodings', 'refuse', () =>
      unsigned(Buffer.concat([Buffer.from(ctx.marker()), bomb]), {
        'content-encoding': 'gzip, deflate',
      }),
    ),
    // Signed before compression: only the inflated bytes would verify.
    post(
      'encodings',
      'refuse',
      () => ({
        body: gzipSync(event),
        headers: {
          ...signPodiumDelivery(event, ctx.secret, Date.now()),
          'content-encoding': 'GZIP',
        },
      }),
      6,
    ),
  ];
}

export function nestingCases(ctx: CaseContext): HttpCase[] {
  return [5000, 20_000, 100_000].flatMap((depth) => {
    const batch = Buffer.from('['.repeat(depth) + ']'.repeat(depth));
    const inBatch = Buffer.from(`[${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}]`);
    const single = Buffer.from(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
    return [
      post('deep-nesting', 'accept', () => signed(ctx.secret, batch), 1),
      post('deep-nesting', 'accept', () => signed(ctx.secret, inBatch), 1),
      post('deep-nesting', 'accept', () => signed(ctx.secret, single)),
      post('deep-nesting', 'refuse', () =>
        unsigned(Buffer.concat([Buffer.from(ctx.marker()), batch])),
      ),
    ];
  });
}
