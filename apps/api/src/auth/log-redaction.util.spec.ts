import { describe, expect, it } from 'vitest';
import { redactSignedToken } from './log-redaction.util.js';

describe('redactSignedToken', () => {
  it('hides the token of a signed media path and leaves the rest', () => {
    expect(redactSignedToken('/t/tro8w0.hgUmQFKpj4wiiSuNo1AqiDEvnMF6Xq7z8p43S4rs234/hls/abc/0/3.ts')).toBe('/t/[redacted]/hls/abc/0/3.ts');
    expect(redactSignedToken('/t/abc?x=1')).toBe('/t/[redacted]?x=1');
    expect(redactSignedToken('/stream/abc/0')).toBe('/stream/abc/0');
    expect(redactSignedToken('/torrents/t/abc')).toBe('/torrents/t/abc');
  });
});
