import { describe, expect, it } from 'vitest';
import { canonicalHashUrl } from './canonical-path.util.js';

const HEX = 'c12fe1c06bba254a9dc9f519b335aa7c1367a88a';
// the same hash in base32 (RFC 4648, as in magnets)
const BASE32 = 'YEX6DQDLXISUVHOJ6UM3GNNKPQJWPKEK';

describe('canonicalHashUrl', () => {
  it('leaves lowercase hex alone', () => {
    expect(canonicalHashUrl(`/stream/${HEX}/0`)).toBeUndefined();
    expect(canonicalHashUrl(`/torrent/${HEX}`)).toBeUndefined();
  });

  it('turns base32 and upper-case hex into lowercase hex, keeping the rest and the query', () => {
    expect(canonicalHashUrl(`/stream/${BASE32}/0`)).toBe(`/stream/${HEX}/0`);
    expect(canonicalHashUrl(`/stream/${BASE32.toLowerCase()}/0`)).toBe(`/stream/${HEX}/0`);
    expect(canonicalHashUrl(`/torrent/${HEX.toUpperCase()}`)).toBe(`/torrent/${HEX}`);
    expect(canonicalHashUrl(`/torrent/${HEX.toUpperCase()}/events`)).toBe(`/torrent/${HEX}/events`);
    expect(canonicalHashUrl(`/hls/${BASE32}/1/3.ts?x=1&y=2`)).toBe(`/hls/${HEX}/1/3.ts?x=1&y=2`);
    expect(canonicalHashUrl(`/stream/${BASE32}/0/Big%20Buck.mp4`)).toBe(`/stream/${HEX}/0/Big%20Buck.mp4`);
    expect(canonicalHashUrl(`/playlist/${BASE32}.m3u8`)).toBe(`/playlist/${HEX}.m3u8`);
    expect(canonicalHashUrl(`/subtitles/${BASE32}/0/1.vtt`)).toBe(`/subtitles/${HEX}/0/1.vtt`);
  });

  it('ignores other routes and strings that are no hash', () => {
    expect(canonicalHashUrl(`/docs/${BASE32}`)).toBeUndefined();
    expect(canonicalHashUrl('/stream/not-a-hash/0')).toBeUndefined();
    expect(canonicalHashUrl(`/stream/${HEX.toUpperCase()}A/0`)).toBeUndefined();
    expect(canonicalHashUrl('/torrents')).toBeUndefined();
    expect(canonicalHashUrl(`/t/token/stream/${BASE32}/0`)).toBeUndefined();
  });
});
