import chardet from 'chardet';
import iconv from 'iconv-lite';

/** Decoded subtitle text, and what it was decoded from (for logs). */
export interface DecodedText {
  text: string;
  encoding: string;
}

const BOMS: [number[], string][] = [
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xff, 0xfe], 'utf-16le'],
  [[0xfe, 0xff], 'utf-16be'],
];

/**
 * Bytes of a subtitle file → text. A BOM decides; else valid UTF-8 is UTF-8; else chardet
 * guesses the legacy code page (Windows-1252, -1251, ISO-8859-x…) and iconv-lite converts.
 * Undefined when the bytes are not text at all (NULs, or nothing decodes).
 */
export function decodeSubtitleBytes(bytes: Uint8Array): DecodedText | undefined {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const [bom, encoding] of BOMS) {
    if (bom.every((byte, i) => buffer[i] === byte))
      return { text: iconv.decode(buffer.subarray(bom.length), encoding), encoding };
  }
  // text files have no NUL bytes (UTF-16 without a BOM is not worth guessing)
  if (buffer.includes(0)) return undefined;
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  try {
    return { text: utf8.decode(buffer), encoding: 'utf-8' };
  } catch {
    // not UTF-8: a legacy code page
  }
  const guesses = chardet.analyse(buffer).filter((g) => iconv.encodingExists(g.name) && !/^utf/i.test(g.name));
  // WHATWG reads the ISO-8859-1 label as Windows-1252: the same letters, plus “ ” ’ – € in 0x80–0x9F
  const encoding = guesses[0]?.name.replace(/^ISO-8859-1$/i, 'windows-1252');
  if (!encoding) return undefined;
  return { text: iconv.decode(buffer, encoding), encoding: encoding.toLowerCase() };
}
