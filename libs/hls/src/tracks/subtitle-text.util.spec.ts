import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeSubtitleBytes } from './subtitle-text.util.js';

const srt = (text: string) => `1\r\n00:00:01,000 --> 00:00:02,000\r\n${text}\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\n${text}\r\n`;

describe('decodeSubtitleBytes', () => {
  it('takes UTF-8 as it is and drops a BOM', () => {
    expect(decodeSubtitleBytes(Buffer.from(srt('Grüße — ✓')))).toEqual({ text: srt('Grüße — ✓'), encoding: 'utf-8' });
    expect(decodeSubtitleBytes(Buffer.from(`\uFEFF${srt('x')}`))).toEqual({ text: srt('x'), encoding: 'utf-8' });
    expect(decodeSubtitleBytes(iconv.encode(`\uFEFF${srt('ü')}`, 'utf-16le'))).toEqual({ text: srt('ü'), encoding: 'utf-16le' });
  });

  it('detects Windows-1252 and Windows-1251', () => {
    const french = srt('Café déjà vu, garçon à l’été. Où est la forêt ? Noël à Orléans, très élégant.');
    expect(decodeSubtitleBytes(iconv.encode(french, 'windows-1252'))).toEqual({ text: french, encoding: 'windows-1252' });
    const russian = srt('Привет, как дела? Это субтитры по-русски, и они в кодировке Windows.');
    expect(decodeSubtitleBytes(iconv.encode(russian, 'windows-1251'))).toEqual({ text: russian, encoding: 'windows-1251' });
  });

  it('refuses binary data', () => {
    expect(decodeSubtitleBytes(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]))).toBeUndefined();
  });
});
