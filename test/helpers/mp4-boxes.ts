import { open } from 'node:fs/promises';

export interface Mp4Box {
  type: string;
  offset: number;
  size: number;
}

/** The top-level ISO-BMFF boxes of a file (ftyp, moov, mdat…), read from their headers only. */
export async function topLevelBoxes(path: string): Promise<Mp4Box[]> {
  const handle = await open(path, 'r');
  try {
    const { size: fileSize } = await handle.stat();
    const header = Buffer.alloc(16);
    const boxes: Mp4Box[] = [];
    for (let offset = 0; offset + 8 <= fileSize; ) {
      await handle.read(header, 0, 16, offset);
      const size32 = header.readUInt32BE(0);
      const type = header.toString('latin1', 4, 8);
      // size 1: a 64-bit size follows the type; size 0: the box runs to the end of the file
      const size = size32 === 1 ? Number(header.readBigUInt64BE(8)) : size32 === 0 ? fileSize - offset : size32;
      if (size < 8) throw new Error(`corrupt box "${type}" at ${offset} in ${path}`);
      boxes.push({ type, offset, size });
      offset += size;
    }
    return boxes;
  } finally {
    await handle.close();
  }
}

/** Whether the moov box (the index players need first) sits after the media data. */
export async function isMoovAtEnd(path: string): Promise<boolean> {
  const types = (await topLevelBoxes(path)).map((box) => box.type);
  const moov = types.indexOf('moov');
  const mdat = types.indexOf('mdat');
  if (moov < 0 || mdat < 0) throw new Error(`${path} lacks a moov or mdat box: ${types.join(',')}`);
  return moov > mdat;
}
