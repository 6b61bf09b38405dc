import { byId, element } from './dom.ts';
import { convertibleSubtitles, type Player } from './player.ts';
import type { TorrentFile } from './types.ts';

/** Audio and subtitle menus from the torrent JSON (`audioTracks`, `subtitles`), hidden when there is nothing to pick. */
export function fillTrackMenus(file: TorrentFile, player: Player): void {
  const audio = file.audioTracks ?? [];
  const audioSelect = byId<HTMLSelectElement>('audio-select');
  audioSelect.replaceChildren(...audio.map((track, index) => element('option', { value: String(index), textContent: trackLabel(track, index), selected: track.default === true })));
  byId('audio-menu').hidden = audio.length < 2;
  audioSelect.onchange = () => void player.selectAudio(Number(audioSelect.value));

  const subtitles = convertibleSubtitles(file);
  const subtitleSelect = byId<HTMLSelectElement>('subtitle-select');
  subtitleSelect.replaceChildren(
    element('option', { value: '-1', textContent: 'Off' }),
    ...subtitles.map((track, index) => element('option', { value: String(index), textContent: trackLabel(track, index) })),
  );
  byId('subtitle-menu').hidden = subtitles.length === 0;
  subtitleSelect.onchange = () => player.selectSubtitles(Number(subtitleSelect.value));
}

export function trackLabel(track: { label?: string; language?: string; codec?: string; channels?: number }, index: number): string {
  const name = track.label ?? track.language ?? `Track ${index + 1}`;
  const details = [track.language && track.label ? track.language : undefined, track.codec, track.channels ? `${track.channels} ch` : undefined].filter(Boolean);
  return details.length ? `${name} (${details.join(', ')})` : name;
}
