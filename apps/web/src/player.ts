import type HlsType from 'hls.js';
import type { TorrentFile } from './types.ts';

export type PlayMode = 'direct' | 'hls';

export interface PlayerCallbacks {
  /** What the player waits for or does, in words. */
  status(text: string): void;
  error(text: string): void;
}

/** Formats a browser plays in a plain <video>: H.264/AAC MP4 and WebM (and common audio). */
const DIRECT_TYPES = /^(video\/(mp4|webm|ogg)|audio\/(mp4|mpeg|ogg|webm|wav|flac|aac))$/;

/** Whether to try the stream URL in a plain <video> before HLS. */
export function canPlayDirect(video: HTMLVideoElement, mimeType: string): boolean {
  return DIRECT_TYPES.test(mimeType) && video.canPlayType(mimeType) !== '';
}

/**
 * One <video>: the byte-range stream when the browser plays the format, else (or when
 * the person picks it) HLS through hls.js, or natively on Safari. hls.js is loaded only
 * when needed. A direct play that the browser cannot decode falls back to HLS.
 */
export class Player {
  private hls: HlsType | undefined;
  private file: TorrentFile | undefined;
  mode: PlayMode | undefined;

  constructor(
    readonly video: HTMLVideoElement,
    private readonly callbacks: PlayerCallbacks,
  ) {
    video.addEventListener('loadstart', () => this.callbacks.status('Waiting for the first bytes…'));
    video.addEventListener('waiting', () => this.callbacks.status('Waiting for data from peers…'));
    video.addEventListener('playing', () => this.callbacks.status(`Playing ${this.file?.name ?? ''} (${this.mode === 'hls' ? 'HLS' : 'direct stream'})`));
    video.addEventListener('error', () => this.onVideoError());
  }

  async play(file: TorrentFile, mode?: PlayMode): Promise<void> {
    this.stop();
    this.file = file;
    const chosen = mode ?? (canPlayDirect(this.video, file.mimeType) || !file.hlsUrl ? 'direct' : 'hls');
    this.mode = chosen;
    this.video.hidden = false;
    this.addSubtitles(file);
    if (chosen === 'direct') {
      this.video.src = file.streamUrl;
    } else {
      await this.playHls(file);
    }
    this.video.play().catch((err: Error) => {
      if (err.name !== 'AbortError') this.callbacks.status('Press play on the video to start.');
    });
  }

  /** The audio track with this id (from the torrent JSON); HLS renditions carry every track. */
  async selectAudio(trackIndex: number): Promise<void> {
    if (!this.file) return;
    if (this.mode !== 'hls') await this.play(this.file, 'hls');
    const wanted = this.file.audioTracks?.[trackIndex];
    const tracks = this.hls?.audioTracks ?? [];
    const match = tracks.findIndex((track) => (wanted?.label && track.name === wanted.label) || (wanted?.language && track.lang === wanted.language));
    if (this.hls && tracks.length > 0) this.hls.audioTrack = match >= 0 ? match : Math.min(trackIndex, tracks.length - 1);
  }

  /** Shows the subtitle track at `index` of the video's text tracks; -1 hides them all. */
  selectSubtitles(index: number): void {
    const tracks = this.video.textTracks;
    for (let i = 0; i < tracks.length; i++) tracks[i].mode = i === index ? 'showing' : 'disabled';
  }

  stop(): void {
    this.hls?.destroy();
    this.hls = undefined;
    this.video.pause();
    this.video.removeAttribute('src');
    for (const track of [...this.video.querySelectorAll('track')]) track.remove();
    this.video.load();
  }

  private async playHls(file: TorrentFile): Promise<void> {
    if (!file.hlsUrl) throw new Error(`${file.name} has no HLS form`);
    this.callbacks.status('Preparing HLS (probing the file)…');
    const { default: Hls } = await import('hls.js');
    if (!Hls.isSupported()) {
      if (this.video.canPlayType('application/vnd.apple.mpegurl')) {
        this.video.src = file.hlsUrl;
        return;
      }
      this.callbacks.error('This browser supports neither MediaSource nor native HLS: open the stream URL in VLC or mpv.');
      return;
    }
    const hls = new Hls();
    this.hls = hls;
    hls.on(Hls.Events.ERROR, (_event, data) => {
      if (!data.fatal) return;
      const code = data.response?.code;
      this.callbacks.error(
        code ? `HLS failed: the server answered ${code} (${data.details}).` : `HLS failed: ${data.details}${data.error ? ` (${data.error.message})` : ''}.`,
      );
    });
    hls.loadSource(file.hlsUrl);
    hls.attachMedia(this.video);
  }

  private onVideoError(): void {
    const error = this.video.error;
    if (!error || !this.file || this.mode === undefined) return;
    if (this.mode === 'direct' && this.file.hlsUrl && error.code !== MediaError.MEDIA_ERR_NETWORK) {
      this.callbacks.status('This browser cannot play the file as it is; switching to HLS…');
      void this.play(this.file, 'hls');
      return;
    }
    const why =
      error.code === MediaError.MEDIA_ERR_NETWORK
        ? 'the connection to the server broke'
        : error.code === MediaError.MEDIA_ERR_SRC_NOT_SUPPORTED
          ? 'this browser cannot play this format'
          : error.code === MediaError.MEDIA_ERR_DECODE
            ? 'the data could not be decoded'
            : 'playback was aborted';
    this.callbacks.error(`${this.file.name} cannot play: ${why}${error.message ? ` (${error.message})` : ''}.`);
  }

  private addSubtitles(file: TorrentFile): void {
    for (const subtitle of file.subtitles ?? []) {
      if (subtitle.convertible === false || !subtitle.url) continue;
      const track = document.createElement('track');
      track.kind = 'subtitles';
      track.src = subtitle.url;
      track.label = subtitle.label ?? subtitle.language ?? `Subtitles ${subtitle.id}`;
      if (subtitle.language) track.srclang = subtitle.language;
      this.video.append(track);
    }
  }
}
