import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import iconv from 'iconv-lite';
import { runFfmpeg } from './media.ts';
import { pgsStream } from './pgs.ts';

/** Cues of the embedded SubRip track (English). */
export const SRT_CUES = [
  { start: 1, end: 3.5, text: 'Hello <i>world</i>' },
  { start: 12.25, end: 14, text: 'Second cue' },
  { start: 20.5, end: 22, text: 'Third cue' },
];

/** Cues of the embedded ASS track (French, forced), as WebVTT text once styling is reduced. */
export const ASS_CUES = [
  { start: 2, end: 4, text: '<i>Bonjour</i> le monde\nligne deux' },
  { start: 13, end: 15.5, text: 'Gras ici' },
];

/** Accented French, written to a sidecar in Windows-1252. */
export const CP1252_CUES = [
  { start: 5, end: 7, text: 'Café déjà vu, garçon à l’été' },
  { start: 16, end: 18.5, text: 'Où est la forêt ? Noël !' },
];

/** Russian, written to a sidecar in Windows-1251. */
export const CP1251_CUES = [
  { start: 6, end: 8, text: 'Привет, как дела?' },
  { start: 17, end: 19, text: 'Это субтитры по-русски.' },
];

/** mov_text cues of the MP4. */
export const MOV_TEXT_CUES = [
  { start: 1.5, end: 3, text: 'Movie text one' },
  { start: 8, end: 9.5, text: 'Movie text two' },
];

const srtTime = (s: number) => {
  const ms = Math.round(s * 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)},${pad(ms % 1000, 3)}`;
};

export function srtText(cues: readonly { start: number; end: number; text: string }[]): string {
  return cues.map((cue, i) => `${i + 1}\r\n${srtTime(cue.start)} --> ${srtTime(cue.end)}\r\n${cue.text}\r\n`).join('\r\n');
}

const assTime = (s: number) => `0:${String(Math.floor(s / 60)).padStart(2, '0')}:${(s % 60).toFixed(2).padStart(5, '0')}`;

function assText(): string {
  return [
    '[Script Info]',
    'ScriptType: v4.00+',
    '',
    '[V4+ Styles]',
    'Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding',
    'Style: Default,Arial,16,&Hffffff,&Hffffff,&H0,&H0,0,0,0,0,100,100,0,0,1,1,0,2,10,10,10,0',
    '',
    '[Events]',
    'Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text',
    `Dialogue: 0,${assTime(2)},${assTime(4)},Default,,0,0,0,,{\\an8}{\\i1}Bonjour{\\i0} le monde\\Nligne deux`,
    `Dialogue: 0,${assTime(13)},${assTime(15.5)},Default,,0,0,0,,{\\b1}Gras{\\b0} ici`,
    '',
  ].join('\n');
}

/**
 * `Movie.mkv`: 30 s of H.264 (2 s GOP), AC-3 5.1 English at 440 Hz (default) and AAC stereo
 * French at 880 Hz, a SubRip English and an ASS French (forced) track; beside it
 * `Movie.fr.srt` (Windows-1252) and `Movie.Russian.srt` (Windows-1251).
 */
export async function makeMultiTrackMovie(root: string): Promise<void> {
  const scratch = join(root, '..', 'scratch');
  await mkdir(scratch, { recursive: true });
  await writeFile(join(scratch, 'en.srt'), srtText(SRT_CUES));
  await writeFile(join(scratch, 'fr.ass'), assText());
  await runFfmpeg([
    '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=24:duration=30',
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=30',
    '-f', 'lavfi', '-i', 'sine=frequency=880:sample_rate=44100:duration=30',
    '-i', join(scratch, 'en.srt'), '-i', join(scratch, 'fr.ass'),
    '-map', '0', '-map', '1', '-map', '2', '-map', '3', '-map', '4',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '48', '-keyint_min', '48', '-sc_threshold', '0',
    '-filter:a:0', 'pan=5.1(side)|FL=c0|FR=c0|FC=c0|LFE=c0|SL=c0|SR=c0', '-c:a:0', 'ac3', '-b:a:0', '384k',
    '-c:a:1', 'aac', '-b:a:1', '96k', '-ac:a:1', '2',
    '-c:s:0', 'srt', '-c:s:1', 'ass',
    '-metadata:s:a:0', 'language=eng', '-metadata:s:a:1', 'language=fre', '-metadata:s:a:1', 'title=Français',
    '-metadata:s:s:0', 'language=eng', '-metadata:s:s:1', 'language=fre',
    '-disposition:a:0', 'default', '-disposition:a:1', '0', '-disposition:s:0', '0', '-disposition:s:1', 'forced',
    '-f', 'matroska', join(root, 'Movie.mkv'),
  ]);
  await writeFile(join(root, 'Movie.fr.srt'), iconv.encode(srtText(CP1252_CUES), 'windows-1252'));
  await writeFile(join(root, 'Movie.Russian.srt'), iconv.encode(srtText(CP1251_CUES), 'windows-1251'));
}

/** `Show.mp4`: H.264 + AAC + a mov_text English track, with broken sidecars beside it. */
export async function makeMovTextShow(root: string, options: { bigSidecarBytes: number }): Promise<void> {
  const srt = join(root, '..', 'scratch', 'movtext.srt');
  await mkdir(dirname(srt), { recursive: true });
  await writeFile(srt, srtText(MOV_TEXT_CUES));
  await runFfmpeg([
    '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=24:duration=12',
    '-f', 'lavfi', '-i', 'sine=frequency=660:sample_rate=44100:duration=12',
    '-i', srt,
    '-map', '0', '-map', '1', '-map', '2',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '48', '-keyint_min', '48', '-sc_threshold', '0',
    '-c:a', 'aac', '-b:a', '96k', '-ac', '2', '-c:s', 'mov_text', '-metadata:s:s:0', 'language=eng',
    '-movflags', '+faststart', '-f', 'mp4', join(root, 'Show.mp4'),
  ]);
  // binary junk, an empty file and one far too big to be a subtitle
  const junk = Buffer.alloc(4096);
  for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919) % 256;
  await writeFile(join(root, 'Show.junk.srt'), junk);
  await writeFile(join(root, 'Show.empty.srt'), '');
  await writeFile(join(root, 'Show.big.srt'), Buffer.alloc(options.bigSidecarBytes, 'a'));
}

/** When the picture subtitles of `Pictures.mkv` show. */
export const PICTURE_CUES = [
  { start: 1, end: 3 },
  { start: 5, end: 7 },
];

/**
 * `Pictures.mkv`: H.264 + AAC with two picture subtitle tracks, Blu-ray PGS (copied from a
 * hand-made .sup) and DVD VobSub (ffmpeg re-encodes the same pictures), and no text track.
 */
export async function makePictureSubClip(root: string): Promise<void> {
  const sup = join(root, '..', 'scratch', 'pictures.sup');
  await mkdir(dirname(sup), { recursive: true });
  await writeFile(sup, pgsStream(PICTURE_CUES));
  await runFfmpeg([
    '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=24:duration=10',
    '-f', 'lavfi', '-i', 'sine=frequency=550:sample_rate=44100:duration=10',
    '-i', sup,
    '-map', '0', '-map', '1', '-map', '2', '-map', '2',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '48', '-keyint_min', '48', '-sc_threshold', '0',
    '-c:a', 'aac', '-b:a', '96k', '-ac', '2',
    '-c:s:0', 'copy', '-c:s:1', 'dvdsub',
    '-metadata:s:s:0', 'language=eng', '-metadata:s:s:1', 'language=ger',
    '-f', 'matroska', join(root, 'Pictures.mkv'),
  ]);
}
