import { ValidationError } from '../domain/errors.ts';

/**
 * The file a client streams after its first message (an operator's import), put together in
 * order. `chunks` yields each later message's bytes, or undefined for a message that carries
 * something else (options again), which is refused.
 */
export async function streamedFile(chunks: AsyncIterable<Uint8Array | undefined>, maxBytes: number): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    if (!chunk) throw ValidationError.field('chunk', 'every message after the first must carry a chunk of the file');
    size += chunk.byteLength;
    if (size > maxBytes) throw ValidationError.field('chunk', `the file must be at most ${maxBytes / 1024 / 1024} MiB: split it`);
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}
