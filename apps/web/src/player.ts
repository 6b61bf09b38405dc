import type HlsType from 'hls.js';
import type { AudioTrack, SubtitleTrack, TorrentFile } from './types.ts';

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
  /** What the person picked in the menus, kept across a switch from direct to HLS. */
  private audioChoice: AudioTrack | undefined;
  private subtitleChoice: SubtitleTrack | undefined;
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
    if (file.streamUrl !== this.file?.streamUrl) {
      this.audioChoice = undefined;
      this.subtitleChoice = undefined;
    }
    this.file = file;
    const chosen = mode ?? (canPlayDirect(this.video, file.mimeType) || !file.hlsUrl ? 'direct' : 'hls');
    this.mode = chosen;
    this.video.hidden = false;
    if (chosen === 'direct') {
      // a direct stream has no renditions: each subtitle is a whole WebVTT file beside it
      this.addSubtitleElements(file);
      this.video.src = file.streamUrl;
    } else {
      await this.playHls(file);
    }
    this.video.play().catch((err: Error) => {
      if (err.name !== 'AbortError') this.callbacks.status('Press play on the video to start.');
    });
  }

  /**
   * The audio track at `trackIndex` of the torrent JSON's `audioTracks`. Only HLS carries
   * every track (as renditions), so a direct stream switches to HLS first.
   */
  async selectAudio(trackIndex: number): Promise<void> {
    const wanted = this.file?.audioTracks?.[trackIndex];
    if (!this.file || !wanted) return;
    this.audioChoice = wanted;
    if (this.mode !== 'hls') await this.play(this.file, 'hls');
    else this.applyAudioChoice();
  }

  /**
   * The subtitle at `index` of the file's convertible subtitles (the menu's order); -1 hides
   * them. With HLS, hls.js shows its subtitle rendition, fetched a window at a time on the
   * video's timeline; a direct stream shows the matching <track>.
   */
  selectSubtitles(index: number): void {
    this.subtitleChoice = index >= 0 ? convertibleSubtitles(this.file)[index] : undefined;
    if (this.mode === 'hls') this.applySubtitleChoice();
    else this.showSubtitleElement();
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
    // the renditions are known once the master playlist is parsed: apply the person's picks then
    hls.on(Hls.Events.MANIFEST_PARSED, this.onManifest);
    hls.loadSource(file.hlsUrl);
    hls.attachMedia(this.video);
  }

  private readonly onManifest = (): void => {
    this.applyAudioChoice();
    this.applySubtitleChoice();
  };

  private applyAudioChoice(): void {
    const hls = this.hls;
    if (!hls || !this.audioChoice) return;
    const index = renditionIndex(hls.audioTracks, this.audioChoice);
    if (index >= 0 && index !== hls.audioTrack) hls.audioTrack = index;
  }

  private applySubtitleChoice(): void {
    const hls = this.hls;
    if (!hls) return;
    const index = this.subtitleChoice ? renditionIndex(hls.subtitleTracks, this.subtitleChoice) : -1;
    hls.subtitleDisplay = index >= 0;
    hls.subtitleTrack = index;
  }

  private showSubtitleElement(): void {
    const label = this.subtitleChoice?.label;
    const tracks = this.video.textTracks;
    for (let i = 0; i < tracks.length; i++) tracks[i].mode = label !== undefined && tracks[i].label === label ? 'showing' : 'disabled';
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

  private addSubtitleElements(file: TorrentFile): void {
    for (const subtitle of convertibleSubtitles(file)) {
      const track = document.createElement('track');
      track.kind = 'subtitles';
      track.src = subtitle.url!;
      track.label = subtitle.label;
      if (subtitle.language) track.srclang = subtitle.language;
      this.video.append(track);
    }
    this.showSubtitleElement();
  }
}

/** The subtitles a person can pick: text tracks the server converts to WebVTT. */
export function convertibleSubtitles(file: TorrentFile | undefined): SubtitleTrack[] {
  return (file?.subtitles ?? []).filter((track) => track.convertible && Boolean(track.url));
}

/**
 * The rendition of the master playlist that stands for a track of the torrent JSON: the
 * server names both alike (NAME = label, LANGUAGE = language), in the same order.
 */
export function renditionIndex(renditions: readonly { name: string; lang?: string }[], track: { label: string; language?: string }): number {
  const byName = renditions.findIndex((rendition) => rendition.name === track.label);
  return byName >= 0 ? byName : renditions.findIndex((rendition) => track.language !== undefined && rendition.lang === track.language);
}
