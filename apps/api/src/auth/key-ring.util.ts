import { createHash, timingSafeEqual } from 'node:crypto';

export type BufferEquals = (a: Buffer, b: Buffer) => boolean;

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * Secrets compared in constant time. Both sides are hashed first, so every comparison is
 * of two 32-byte digests (a key's length never shows in the timing), and every key is
 * compared whatever matched before (which key matched never shows either).
 */
export class KeyRing {
  private readonly digests: Buffer[];

  constructor(
    keys: readonly string[],
    private readonly equals: BufferEquals = timingSafeEqual,
  ) {
    this.digests = keys.map(sha256);
  }

  get size(): number {
    return this.digests.length;
  }

  matches(presented: string): boolean {
    const digest = sha256(presented);
    let found = false;
    // no short circuit: `found || equals(...)` would skip the keys after a match
    for (const key of this.digests) found = this.equals(digest, key) || found;
    return found;
  }
}
