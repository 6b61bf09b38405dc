import { createCipheriv, createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';

const CHUNK_BYTES = 1024 * 1024;

/**
 * Writes `bytes` of pseudo-random data, streamed in 1 MiB chunks. The bytes depend only
 * on `seed` (default: the file name), so a cached file can be trusted to be the same
 * bytes as a fresh one. AES-256-CTR over zeros runs at memory speed, unlike randomBytes.
 */
export async function writeRandomFile(path: string, bytes: number, seed: string = basename(path)): Promise<void> {
  const key = createHash('sha256').update(seed).digest();
  const cipher = createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
  const zeros = Buffer.alloc(CHUNK_BYTES);
  async function* chunks() {
    for (let written = 0; written < bytes; written += CHUNK_BYTES) {
      yield cipher.update(zeros.subarray(0, Math.min(CHUNK_BYTES, bytes - written)));
    }
  }
  await mkdir(dirname(path), { recursive: true });
  await pipeline(chunks(), createWriteStream(path));
}

/**
 * The path of `dir/name` holding `bytes` random bytes; generated only when missing or
 * of the wrong size. Written to a temp name first, so a crashed run never leaves a
 * half-written file that looks complete.
 */
export async function cachedRandomFile(dir: string, name: string, bytes: number, seed: string = name): Promise<string> {
  const path = join(dir, name);
  if ((await sizeOf(path)) === bytes) return path;
  const partial = `${path}.${process.pid}.partial`;
  await writeRandomFile(partial, bytes, seed);
  await rename(partial, path);
  return path;
}

export async function sha1OfFile(path: string): Promise<string> {
  const hash = createHash('sha1');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function sha1OfBuffer(buffer: Uint8Array): string {
  return createHash('sha1').update(buffer).digest('hex');
}

/** A fresh directory under the OS temp dir, e.g. `/tmp/<prefix>-Xy12ab`. */
export function makeTempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix.endsWith('-') ? prefix : `${prefix}-`));
}

export async function removeDir(path: string): Promise<void> {
  await rm(path, { recursive: true, force: true });
}

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch {
    return undefined;
  }
}
