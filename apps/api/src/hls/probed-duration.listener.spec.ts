import { describe, expect, it, vi } from 'vitest';
import type { HlsActivityListener, HlsService } from '#hls';
import type { TorrentService } from '#torrent';
import { fileKeyOf } from './file-key.util.js';
import { ProbedDurationListener } from './probed-duration.listener.js';

const HASH = 'c9e15763f722f23e98a29decdfae341b98d53056';

describe('ProbedDurationListener', () => {
  it('hands probed durations to the torrent engine and ignores other activity', () => {
    let listener: HlsActivityListener | undefined;
    const hls = { onActivity: (l: HlsActivityListener) => (listener = l) } as unknown as HlsService;
    const torrents = { noteDuration: vi.fn() };
    new ProbedDurationListener(hls, torrents as unknown as TorrentService);

    listener!({ type: 'run-started' });
    listener!({ type: 'segment-produced', seconds: 1, mediaSeconds: 6 });
    listener!({ type: 'probed', torrentKey: HASH, fileKey: 'not a key of ours', durationSeconds: 10 });
    expect(torrents.noteDuration).not.toHaveBeenCalled();

    listener!({ type: 'probed', torrentKey: HASH, fileKey: fileKeyOf(HASH, 3), durationSeconds: 300 });
    expect(torrents.noteDuration).toHaveBeenCalledExactlyOnceWith(HASH, 3, 300);
  });
});
