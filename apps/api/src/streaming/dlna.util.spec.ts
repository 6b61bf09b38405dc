import { describe, expect, it } from 'vitest';
import { contentFeatures, dlnaFlags, dlnaHeaders, naturalTransferMode } from './dlna.util.js';

describe('dlna headers', () => {
  it('sets streaming, background, stall and v1.5 flags for A/V', () => {
    expect(dlnaFlags('Streaming')).toBe('01700000000000000000000000000000');
    expect(dlnaFlags('Interactive')).toBe('00f00000000000000000000000000000');
    expect(dlnaFlags('Background')).toBe('00700000000000000000000000000000');
  });

  it('picks the transfer mode from the MIME type', () => {
    expect(naturalTransferMode('video/mp4')).toBe('Streaming');
    expect(naturalTransferMode('audio/mpeg')).toBe('Streaming');
    expect(naturalTransferMode('image/jpeg')).toBe('Interactive');
    expect(naturalTransferMode('text/plain')).toBe('Background');
  });

  it('answers range seek (OP=01), not transcoded, with the flags', () => {
    expect(contentFeatures('video/x-matroska')).toBe(
      'DLNA.ORG_OP=01;DLNA.ORG_CI=0;DLNA.ORG_FLAGS=01700000000000000000000000000000',
    );
  });

  it('answers getcontentFeatures.dlna.org: 1 and echoes a supported transfer mode', () => {
    expect(dlnaHeaders({ mimeType: 'video/mp4', getContentFeatures: '1', transferMode: 'Background' })).toEqual({
      ok: true,
      headers: {
        'transferMode.dlna.org': 'Background',
        'contentFeatures.dlna.org': 'DLNA.ORG_OP=01;DLNA.ORG_CI=0;DLNA.ORG_FLAGS=01700000000000000000000000000000',
      },
    });
    expect(dlnaHeaders({ mimeType: 'video/mp4' })).toMatchObject({ ok: true, headers: { 'transferMode.dlna.org': 'Streaming' } });
  });

  it('refuses a bad getcontentFeatures (400) and an unsupported mode (406)', () => {
    expect(dlnaHeaders({ mimeType: 'video/mp4', getContentFeatures: '0' })).toEqual({
      ok: false,
      status: 400,
      message: 'getcontentFeatures.dlna.org must be 1',
    });
    expect(dlnaHeaders({ mimeType: 'video/mp4', transferMode: 'Interactive' })).toMatchObject({ ok: false, status: 406 });
    expect(dlnaHeaders({ mimeType: 'video/mp4', transferMode: 'bogus' })).toMatchObject({ ok: false, status: 400 });
  });
});
