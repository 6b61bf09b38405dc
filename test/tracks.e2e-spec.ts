import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir } from './helpers/files.ts';
import { startSwarm, type Swarm } from './helpers/swarm.ts';
import {
  ASS_CUES,
  CP1251_CUES,
  CP1252_CUES,
  makeMovTextShow,
  makeMultiTrackMovie,
  makePictureSubClip,
  MOV_TEXT_CUES,
  SRT_CUES,
} from './helpers/tracks-media.ts';
import { ffprobeJson } from './support/ffprobe.js';
import { parseMediaPlaylist } from './support/playlist.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { parseVtt, type VttCue } from './support/vtt.js';

const SEGMENT_SECONDS = 4;
const BIG_SIDECAR_BYTES = 50 * 1024 * 1024;

interface FileJson {
  id: number;
  name: string;
  path: string;
  audioTracks?: unknown[];
  subtitles?: { id: number; url?: string; label: string; source: string }[];
}

/** Every cue matches the source's text exactly and its times within 50 ms. */
function expectCues(actual: VttCue[], expected: readonly { start: number; end: number; text: string }[], shift = 0) {
  expect(actual.map((cue) => cue.text)).toEqual(expected.map((cue) => cue.text));
  actual.forEach((cue, i) => {
    expect(Math.abs(cue.start - (expected[i].start + shift))).toBeLessThan(0.05);
    expect(Math.abs(cue.end - (expected[i].end + shift))).toBeLessThan(0.05);
  });
}

describe('audio and subtitle tracks over a loopback swarm', () => {
  let dir: string;
  let swarm: Swarm;
  let server: TestApp;
  let files: Record<string, FileJson>;
  /** Where ffmpeg put the embedded cues in Movie.mkv: the muxer shifts every stream alike. */
  let mkvShift: number;

  beforeAll(async () => {
    dir = await makeTempDir('tod-p2m-tracks');
    const root = join(dir, 'media');
    await makeMultiTrackMovie(root);
    await makeMovTextShow(root, { bigSidecarBytes: BIG_SIDECAR_BYTES });
    await makePictureSubClip(root);
    swarm = await startSwarm({ paths: [root], pieceLength: 256 * 1024 });
    server = await startTestApp({ trackers: [swarm.announceUrl], hls_segment_duration: SEGMENT_SECONDS });
    const response = await fetch(`${server.baseUrl}/torrent/${swarm.infoHash}`);
    expect(response.status).toBe(200);
    const torrent = (await response.json()) as { files: FileJson[] };
    files = Object.fromEntries(torrent.files.map((file) => [file.name, file]));
    const packets = await ffprobeJson(swarm.sourcePathOf(files['Movie.mkv'].path), ['-select_streams', '3', '-show_entries', 'packet=pts_time', '-show_packets']);
    mkvShift = Number(packets.packets[0].pts_time) - SRT_CUES[0].start;
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await swarm?.stop();
    if (dir) await removeDir(dir);
  });

  const fileUrl = (route: string, name: string, tail: string) => `${server.baseUrl}/${route}/${swarm.infoHash}/${files[name].id}/${tail}`;
  const subtitleId = (name: string, label: string) => {
    const found = files[name].subtitles?.find((sub) => sub.label === label);
    if (!found) throw new Error(`no subtitle ${label} in ${JSON.stringify(files[name].subtitles)}`);
    return found.id;
  };

  async function vtt(name: string, id: number): Promise<VttCue[]> {
    const response = await fetch(fileUrl('subtitles', name, `${id}.vtt`));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/vtt; charset=utf-8');
    return parseVtt(await response.text()).cues;
  }

  async function saveSegment(url: string, name: string): Promise<string> {
    const response = await fetch(url);
    expect(response.status).toBe(200);
    const path = join(dir, name);
    await writeFile(path, Buffer.from(await response.arrayBuffer()));
    return path;
  }

  it('lists every audio track and subtitle of each file in the torrent JSON, from the probe', () => {
    const base = `${server.baseUrl}/subtitles/${swarm.infoHash}`;
    const movie = files['Movie.mkv'];
    expect(movie.audioTracks).toEqual([
      { id: 0, language: 'en', label: 'English 5.1', codec: 'ac3', channels: 6, default: true },
      { id: 1, language: 'fr', label: 'Français', codec: 'aac', channels: 2, default: false },
    ]);
    expect(movie.subtitles).toEqual([
      { id: 0, language: 'en', label: 'English', source: 'embedded', codec: 'subrip', convertible: true, url: `${base}/${movie.id}/0.vtt` },
      { id: 1, language: 'fr', label: 'French (forced)', source: 'embedded', codec: 'ass', convertible: true, url: `${base}/${movie.id}/1.vtt` },
      { id: 2, language: 'ru', label: 'Russian', source: 'sidecar', codec: 'subrip', convertible: true, url: `${base}/${movie.id}/2.vtt` },
      { id: 3, language: 'fr', label: 'French', source: 'sidecar', codec: 'subrip', convertible: true, url: `${base}/${movie.id}/3.vtt` },
    ]);
    const show = files['Show.mp4'];
    expect(show.audioTracks).toEqual([{ id: 0, label: 'Audio 1 (stereo)', codec: 'aac', channels: 2, default: true }]);
    expect(show.subtitles?.map((sub) => [sub.label, sub.source])).toEqual([
      ['English', 'embedded'],
      ['Show.big.srt', 'sidecar'],
      ['Show.empty.srt', 'sidecar'],
      ['Show.junk.srt', 'sidecar'],
    ]);
    // sidecar files themselves are not media
    expect(files['Movie.fr.srt'].audioTracks).toBeUndefined();
  });

  it('serves every text subtitle as UTF-8 WebVTT with the source text and times', async () => {
    expectCues(await vtt('Movie.mkv', 0), SRT_CUES, mkvShift);
    expectCues(await vtt('Movie.mkv', 1), ASS_CUES, mkvShift);
    expectCues(await vtt('Movie.mkv', subtitleId('Movie.mkv', 'French')), CP1252_CUES);
    expectCues(await vtt('Movie.mkv', subtitleId('Movie.mkv', 'Russian')), CP1251_CUES);
    expectCues(await vtt('Show.mp4', 0), MOV_TEXT_CUES);
  });

  it('answers bad subtitle requests with JSON errors and keeps serving', async () => {
    const expectError = async (url: string, status: number, message: RegExp) => {
      const response = await fetch(url);
      expect(response.status).toBe(status);
      const body = (await response.json()) as { statusCode: number; error: string };
      expect(body.statusCode).toBe(status);
      expect(body.error).toMatch(message);
    };
    await expectError(fileUrl('subtitles', 'Movie.mkv', '99.vtt'), 404, /No subtitle track 99/);
    await expectError(fileUrl('subtitles', 'Movie.mkv', 'abc.vtt'), 400, /trackId/);
    await expectError(fileUrl('hls', 'Movie.mkv', 'audio/7/playlist.m3u8'), 404, /No audio track 7/);
    await expectError(fileUrl('hls', 'Movie.mkv', 'audio/x/0.ts'), 400, /trackId/);
    await expectError(fileUrl('subtitles', 'Show.mp4', `${subtitleId('Show.mp4', 'Show.junk.srt')}.vtt`), 422, /not text/);
    await expectError(fileUrl('subtitles', 'Show.mp4', `${subtitleId('Show.mp4', 'Show.empty.srt')}.vtt`), 422, /empty/);
    await expectError(fileUrl('subtitles', 'Show.mp4', `${subtitleId('Show.mp4', 'Show.big.srt')}.vtt`), 413, /refused/);
    expectCues(await vtt('Show.mp4', 0), MOV_TEXT_CUES);
  });

  it('lists picture subtitles as not convertible and refuses them with a 415 naming the codec', async () => {
    const clip = files['Pictures.mkv'];
    expect(clip.subtitles).toEqual([
      { id: 0, language: 'en', label: 'English', source: 'embedded', codec: 'hdmv_pgs_subtitle', convertible: false },
      { id: 1, language: 'de', label: 'German', source: 'embedded', codec: 'dvd_subtitle', convertible: false },
    ]);
    for (const [id, codec] of [[0, 'hdmv_pgs_subtitle'], [1, 'dvd_subtitle']] as const) {
      for (const url of [fileUrl('subtitles', 'Pictures.mkv', `${id}.vtt`), fileUrl('hls', 'Pictures.mkv', `subtitles/${id}/playlist.m3u8`)]) {
        const response = await fetch(url);
        expect(response.status, url).toBe(415);
        expect(response.headers.get('content-type')).toMatch(/^application\/json/);
        const body = (await response.json()) as { statusCode: number; error: string };
        expect(body.statusCode).toBe(415);
        expect(body.error).toContain(codec);
      }
    }
    // nothing a player could show or pick: the master playlist has no groups, as before this issue
    const master = (await (await fetch(fileUrl('hls', 'Pictures.mkv', 'master.m3u8'))).text()).trim().split('\n');
    expect(master.filter((line) => line.startsWith('#EXT-X-MEDIA'))).toEqual([]);
    const variants = master.filter((line) => line.startsWith('#EXT-X-STREAM-INF:'));
    expect(variants).toHaveLength(1);
    expect(variants[0]).toMatch(/^#EXT-X-STREAM-INF:BANDWIDTH=\d+,CODECS="avc1\.[0-9a-f]{6},mp4a\.40\.2",RESOLUTION=320x180$/);
    expect(master.at(-1)).toBe('playlist.m3u8');
    const segment = await fetch(fileUrl('hls', 'Pictures.mkv', '0.ts'));
    expect(segment.status).toBe(200);
    await segment.arrayBuffer();
  });

  it('renders audio and subtitle renditions in the master playlist, every attribute', async () => {
    const response = await fetch(fileUrl('hls', 'Movie.mkv', 'master.m3u8'));
    expect(response.status).toBe(200);
    const lines = (await response.text()).trim().split('\n');
    expect(lines.filter((line) => line.startsWith('#EXT-X-MEDIA'))).toEqual([
      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="English 5.1",LANGUAGE="en",CHANNELS="6",DEFAULT=YES,AUTOSELECT=YES,URI="audio/0/playlist.m3u8"',
      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="Français",LANGUAGE="fr",CHANNELS="2",DEFAULT=NO,AUTOSELECT=YES,URI="audio/1/playlist.m3u8"',
      '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",LANGUAGE="en",DEFAULT=NO,AUTOSELECT=YES,FORCED=NO,URI="subtitles/0/playlist.m3u8"',
      '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="French (forced)",LANGUAGE="fr",DEFAULT=NO,AUTOSELECT=YES,FORCED=YES,URI="subtitles/1/playlist.m3u8"',
      '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="Russian",LANGUAGE="ru",DEFAULT=NO,AUTOSELECT=YES,FORCED=NO,URI="subtitles/2/playlist.m3u8"',
      '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="French",LANGUAGE="fr",DEFAULT=NO,AUTOSELECT=YES,FORCED=NO,URI="subtitles/3/playlist.m3u8"',
    ]);
    const variant = lines.find((line) => line.startsWith('#EXT-X-STREAM-INF:')) ?? '';
    expect(variant).toMatch(/^#EXT-X-STREAM-INF:BANDWIDTH=\d+,CODECS="avc1\.[0-9a-f]{6},mp4a\.40\.2",RESOLUTION=320x180,AUDIO="audio",SUBTITLES="subs"$/);
    expect(lines.at(-1)).toBe('video/playlist.m3u8');
    // one audio track and no text subtitle: the plain master, as before
    const single = await (await fetch(fileUrl('hls', 'Show.mp4', 'master.m3u8'))).text();
    expect(single).not.toContain('TYPE=AUDIO');
    expect(single).toContain('SUBTITLES="subs"');
  });

  it('makes each audio rendition AAC with its channel count, starting with the video segment by segment', async () => {
    const video = parseMediaPlaylist(await (await fetch(fileUrl('hls', 'Movie.mkv', 'video/playlist.m3u8'))).text());
    expect(video.durations.length).toBeGreaterThan(3);
    for (const [track, channels] of [[0, 6], [1, 2]] as const) {
      const audio = parseMediaPlaylist(await (await fetch(fileUrl('hls', 'Movie.mkv', `audio/${track}/playlist.m3u8`))).text());
      expect(audio.durations).toEqual(video.durations);
      for (const index of [0, 1, 3]) {
        const videoPath = await saveSegment(fileUrl('hls', 'Movie.mkv', `video/${index}.ts`), `v-${index}.ts`);
        const audioPath = await saveSegment(fileUrl('hls', 'Movie.mkv', `audio/${track}/${index}.ts`), `a${track}-${index}.ts`);
        const v = await ffprobeJson(videoPath, ['-show_streams']);
        const a = await ffprobeJson(audioPath, ['-show_streams']);
        expect(v.streams.map((s: { codec_name: string }) => s.codec_name)).toEqual(['h264']);
        expect(a.streams.map((s: { codec_name: string; channels: number }) => [s.codec_name, s.channels])).toEqual([['aac', channels]]);
        expect(Math.abs(Number(a.streams[0].start_time) - Number(v.streams[0].start_time))).toBeLessThan(0.05);
      }
    }
  });

  it('cuts subtitle renditions into WebVTT segments on the MPEG-TS timeline', async () => {
    // a server that never extracted a whole track: every window is read on its own, from its seek point
    const fresh = await startTestApp({ trackers: [swarm.announceUrl], hls_segment_duration: SEGMENT_SECONDS });
    try {
      const embedded = (track: number, tail: string) => `${fresh.baseUrl}/hls/${swarm.infoHash}/${files['Movie.mkv'].id}/subtitles/${track}/${tail}`;
      for (const [track, cues] of [[0, SRT_CUES], [1, ASS_CUES]] as const) {
        const playlist = parseMediaPlaylist(await (await fetch(embedded(track, 'playlist.m3u8'))).text());
        expect(playlist.uris).toEqual(playlist.durations.map((_, i) => `${i}.vtt`));
        const all: VttCue[] = [];
        // last window first: nothing read for an earlier window can help a later one
        for (const uri of [...playlist.uris].reverse()) {
          const response = await fetch(embedded(track, uri));
          expect(response.status).toBe(200);
          const parsed = parseVtt(await response.text());
          expect(parsed.timestampMap).toBe('MPEGTS:126000,LOCAL:00:00:00.000');
          all.unshift(...parsed.cues);
        }
        expectCues(all, cues, mkvShift);
      }
    } finally {
      await fresh.close();
    }
    // the sidecar's cues land in the same windows
    const russian = subtitleId('Movie.mkv', 'Russian');
    const segment = parseVtt(await (await fetch(fileUrl('hls', 'Movie.mkv', `subtitles/${russian}/1.vtt`))).text());
    expectCues(segment.cues, CP1251_CUES.filter((cue) => cue.start >= SEGMENT_SECONDS && cue.start < 2 * SEGMENT_SECONDS));
  });

  it('documents the track routes, their errors and the track schemas in /docs-json', async () => {
    const document = (await (await fetch(`${server.baseUrl}/docs-json`)).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    const routes = [
      '/subtitles/{infoHash}/{fileId}/{trackId}.vtt',
      '/hls/{infoHash}/{fileId}/video/playlist.m3u8',
      '/hls/{infoHash}/{fileId}/video/{segment}.ts',
      '/hls/{infoHash}/{fileId}/audio/{trackId}/playlist.m3u8',
      '/hls/{infoHash}/{fileId}/audio/{trackId}/{segment}.ts',
      '/hls/{infoHash}/{fileId}/subtitles/{trackId}/playlist.m3u8',
      '/hls/{infoHash}/{fileId}/subtitles/{trackId}/{segment}.vtt',
    ];
    for (const route of routes) {
      expect(Object.keys(document.paths[route]?.get?.responses ?? {}), route).toEqual(expect.arrayContaining(['200', '400', '404', '415', '422']));
    }
    expect(Object.keys(document.paths[routes[0]].get.responses)).toEqual(expect.arrayContaining(['413', '502', '504']));
    // the Swagger CLI plugin writes DTO schemas at build time (npm test builds first)
    type Factory = { _OPENAPI_METADATA_FACTORY(): Record<string, { required: boolean; enum?: unknown; type?: () => unknown }> };
    const dto = (await import(resolve('dist/apps/api/src/torrents/dto/track.dto.js'))) as Record<string, Factory>;
    const file = (await import(resolve('dist/apps/api/src/torrents/dto/torrent.dto.js'))) as Record<string, Factory>;
    const required = (fields: ReturnType<Factory['_OPENAPI_METADATA_FACTORY']>) =>
      Object.keys(fields).filter((key) => fields[key].required).sort();
    expect(required(dto.AudioTrackDto._OPENAPI_METADATA_FACTORY())).toEqual(['channels', 'codec', 'default', 'id', 'label']);
    const subtitle = dto.SubtitleTrackDto._OPENAPI_METADATA_FACTORY();
    expect(required(subtitle)).toEqual(['codec', 'convertible', 'id', 'label', 'source']);
    const fileFields = file.TorrentFileDto._OPENAPI_METADATA_FACTORY();
    expect(fileFields.audioTracks.required).toBe(false);
    expect(fileFields.subtitles.type?.()).toEqual([dto.SubtitleTrackDto]);
  });
});
