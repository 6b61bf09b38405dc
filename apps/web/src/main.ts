import { Api, ApiError } from './api.ts';
import { byId, copyText, element } from './dom.ts';
import { TorrentEvents } from './events.ts';
import { formatBytes, formatPercent, formatSpeed, parseSource } from './format.ts';
import { onSourceGiven } from './source-input.ts';
import { Player } from './player.ts';
import { fillTrackMenus } from './track-menus.ts';
import type { ErrorBody, ProgressEvent, Torrent, TorrentFile } from './types.ts';

const errorBox = byId<HTMLParagraphElement>('error');
const statusLine = byId<HTMLParagraphElement>('status');
const player = new Player(byId<HTMLVideoElement>('video'), {
  status: (text) => setStatus(text),
  error: (text) => showError(text),
});
const api = new Api(askForKey);

let current: Torrent | undefined;
/** The file in the player, whose menus fill when its tracks arrive. */
let playing: TorrentFile | undefined;
let events: TorrentEvents | undefined;

function showError(text: string | undefined): void {
  errorBox.textContent = text ?? '';
  errorBox.hidden = !text;
}

function setStatus(text: string): void {
  statusLine.textContent = text;
}

function describeFailure(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return (err as Error).message ?? String(err);
}

function askForKey(reason: string): Promise<string | undefined> {
  const dialog = byId<HTMLDialogElement>('key-dialog');
  byId('key-reason').textContent = `${reason} Enter an API key to continue.`;
  const input = byId<HTMLInputElement>('key-input');
  input.value = '';
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok' && input.value.trim() ? input.value.trim() : undefined), { once: true });
  });
}

/** What the torrent waits for, in words: metadata, peers, or nothing. */
function waitingFor(torrent: { ready: boolean; peers: number; progress: number }): string {
  if (!torrent.ready) return torrent.peers > 0 ? `Waiting for metadata from ${torrent.peers} peer(s)…` : 'Waiting for metadata: looking for peers…';
  if (torrent.peers === 0 && torrent.progress < 1) return 'Waiting for peers…';
  return torrent.progress >= 1 ? 'Complete.' : 'Ready: press play on a file.';
}

async function add(source: { magnet: string } | { infoHash: string } | File): Promise<void> {
  showError(undefined);
  setStatus('Adding…');
  try {
    const { body } = await api.add(source);
    open(body.infoHash, body);
    await refreshHeld();
  } catch (err) {
    setStatus('');
    showError(`Could not add the torrent: ${describeFailure(err)}`);
  }
}

/** Shows one torrent and follows its events (no polling). */
function open(infoHash: string, known?: Torrent): void {
  events?.close();
  player.stop();
  byId('player-card').hidden = true;
  current = known && known.infoHash === infoHash ? known : { infoHash, ready: false, size: 0, progress: 0, peers: 0, downloadSpeed: 0, uploadSpeed: 0, activeStreams: 0, playlistUrl: '', files: [] };
  history.replaceState(null, '', `#${infoHash}`);
  byId('torrent').hidden = false;
  renderTorrent(current);
  setStatus(waitingFor(current));
  events = new TorrentEvents(api, infoHash, {
    onEvent: (type, data) => onEvent(infoHash, type, data),
    onDisconnect: (message) => showError(message),
  });
}

function onEvent(infoHash: string, type: string, data: unknown): void {
  if (current?.infoHash !== infoHash) return;
  switch (type) {
    case 'metadata':
      showError(undefined);
      current = data as Torrent;
      renderTorrent(current);
      if (!player.mode) setStatus(waitingFor(current));
      void refreshHeld();
      void loadTracks(infoHash);
      break;
    case 'progress':
      if (errorBox.textContent?.startsWith('Lost the connection')) showError(undefined);
      updateProgress(data as ProgressEvent);
      break;
    case 'error':
      showError(`${(data as ErrorBody).error}`);
      break;
    case 'removed':
      setStatus('This torrent was removed from the server.');
      byId('file-list').replaceChildren();
      player.stop();
      void refreshHeld();
      break;
  }
}

function renderTorrent(torrent: Torrent): void {
  byId('torrent-name').textContent = torrent.name ?? torrent.infoHash;
  byId('torrent-size').textContent = torrent.ready ? formatBytes(torrent.size) : 'size unknown yet';
  const link = byId<HTMLAnchorElement>('torrent-file-link');
  link.hidden = !torrent.torrentFileUrl;
  link.href = torrent.torrentFileUrl ?? '#';
  byId('file-list').replaceChildren(...torrent.files.map(renderFile));
  updateProgress(torrent);
}

function isMedia(file: TorrentFile): boolean {
  return /^(video|audio)\//.test(file.mimeType) || file.hlsUrl !== undefined;
}

function progressBar(progress: number): HTMLDivElement {
  const fill = element('div', { className: 'fill' });
  fill.style.width = `${progress * 100}%`;
  return element('div', { className: 'bar', title: formatPercent(progress) }, fill);
}

function renderFile(file: TorrentFile): HTMLLIElement {
  const actions = element('div', { className: 'file-actions' });
  if (isMedia(file)) {
    actions.append(element('button', { type: 'button', className: 'play', textContent: 'Play', onclick: () => void play(file) }));
    if (file.hlsUrl) actions.append(element('button', { type: 'button', className: 'play-hls secondary', textContent: 'Play HLS', onclick: () => void play(file, 'hls') }));
  }
  actions.append(element('button', { type: 'button', className: 'copy-stream secondary', textContent: 'Copy URL', onclick: () => void copy(file.streamUrl, 'stream URL') }));
  if (file.hlsUrl) {
    const hlsUrl = file.hlsUrl;
    actions.append(element('button', { type: 'button', className: 'copy-hls secondary', textContent: 'Copy HLS URL', onclick: () => void copy(hlsUrl, 'HLS URL') }));
  }
  return element(
    'li',
    { dataset: { fileId: String(file.id) } },
    element('div', {}, element('div', { className: 'file-name', textContent: file.path }), element('div', { className: 'file-size', textContent: `${formatBytes(file.size)} · ${file.mimeType}` })),
    actions,
    progressBar(file.progress),
  );
}

function updateProgress(progress: Pick<ProgressEvent, 'ready' | 'progress' | 'peers' | 'downloadSpeed' | 'uploadSpeed'> & { files: { id: number; progress: number }[] }): void {
  if (current) Object.assign(current, { peers: progress.peers, progress: progress.progress, ready: progress.ready || current.ready });
  byId('torrent-progress').style.width = `${progress.progress * 100}%`;
  byId('peers').textContent = `${progress.peers} peer${progress.peers === 1 ? '' : 's'}`;
  byId('download-speed').textContent = formatSpeed(progress.downloadSpeed);
  byId('upload-speed').textContent = formatSpeed(progress.uploadSpeed);
  for (const file of progress.files) {
    const fill = document.querySelector<HTMLDivElement>(`#file-list li[data-file-id="${file.id}"] .bar .fill`);
    if (fill) fill.style.width = `${file.progress * 100}%`;
  }
  if (current && !player.mode) setStatus(waitingFor(current));
}

/**
 * Audio tracks and subtitles come from probing each media file, which the metadata event
 * does not wait for; the torrent's detail does. They fill the menus when they arrive.
 */
async function loadTracks(infoHash: string): Promise<void> {
  let detail: Torrent;
  try {
    detail = (await api.get(infoHash)).body;
  } catch {
    return; // the menus stay hidden; every file still plays
  }
  if (current?.infoHash !== infoHash || !Array.isArray(detail.files)) return;
  for (const file of current.files) {
    const probed = detail.files.find((candidate) => candidate.id === file.id);
    if (probed) Object.assign(file, { audioTracks: probed.audioTracks, subtitles: probed.subtitles });
  }
  if (playing && current.files.includes(playing)) fillTrackMenus(playing, player);
}

async function play(file: TorrentFile, mode?: 'hls'): Promise<void> {
  playing = file;
  showError(undefined);
  byId('player-card').hidden = false;
  byId('now-playing').textContent = file.name;
  fillTrackMenus(file, player);
  try {
    await player.play(file, mode);
  } catch (err) {
    showError(`${file.name} cannot play: ${describeFailure(err)}`);
  }
}

async function copy(text: string, what: string): Promise<void> {
  const copied = await copyText(text);
  setStatus(copied ? `Copied the ${what}: ${text}` : `Copy this ${what}: ${text}`);
}

async function refreshHeld(): Promise<void> {
  try {
    const { body } = await api.list();
    byId('held-list').replaceChildren(
      ...(body.length === 0
        ? [element('li', { textContent: 'None yet.' })]
        : body.map((torrent) =>
            element(
              'li',
              { dataset: { infoHash: torrent.infoHash } },
              element('span', { className: 'held-name', textContent: torrent.name ?? `${torrent.infoHash} (waiting for metadata)`, onclick: () => open(torrent.infoHash) }),
              element('span', { className: 'file-size', textContent: torrent.ready ? `${formatBytes(torrent.size)} · ${formatPercent(torrent.progress)}` : '' }),
              element('button', { type: 'button', className: 'small danger', textContent: 'Remove', onclick: () => void remove(torrent.infoHash) }),
            ),
          )),
    );
  } catch (err) {
    showError(`Could not list the torrents: ${describeFailure(err)}`);
  }
}

async function remove(infoHash: string): Promise<void> {
  try {
    await api.remove(infoHash);
    if (current?.infoHash === infoHash) {
      events?.close();
      player.stop();
      current = undefined;
      byId('torrent').hidden = true;
      byId('player-card').hidden = true;
      history.replaceState(null, '', location.pathname);
    }
  } catch (err) {
    showError(`Could not remove the torrent: ${describeFailure(err)}`);
  }
  await refreshHeld();
}

async function refreshStats(): Promise<void> {
  try {
    const { body } = await api.stats();
    byId('stats').textContent = JSON.stringify(body, null, 2);
  } catch (err) {
    byId('stats').textContent = `Could not read /stats: ${describeFailure(err)}`;
  }
}

onSourceGiven(showError, (source) => void add(source));
byId('copy-m3u').addEventListener('click', () => {
  if (current?.playlistUrl) void copy(current.playlistUrl, 'M3U URL');
});
byId('remove-torrent').addEventListener('click', () => {
  if (current) void remove(current.infoHash);
});
byId('refresh-list').addEventListener('click', () => void refreshHeld());
byId('refresh-stats').addEventListener('click', () => void refreshStats());
byId<HTMLDetailsElement>('stats-card').addEventListener('toggle', (event) => {
  if ((event.target as HTMLDetailsElement).open) void refreshStats();
});

void refreshHeld();
const fromUrl = location.hash.slice(1);
if (parseSource(fromUrl)) open(fromUrl.toLowerCase());
