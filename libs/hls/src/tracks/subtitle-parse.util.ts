/** One subtitle cue on the file's start-at-zero timeline; text is WebVTT cue text (`<i>` kept, the rest escaped). */
export interface Cue {
  start: number;
  end: number;
  text: string;
}

export type SubtitleFormat = 'subrip' | 'ass' | 'ssa' | 'webvtt';

/** Parses SubRip, ASS/SSA or WebVTT text; cues without text or with end ≤ start are dropped, the rest sorted by start. */
export function parseSubtitles(text: string, format: SubtitleFormat): Cue[] {
  const normalized = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const cues = format === 'ass' || format === 'ssa' ? parseAss(normalized) : parseTimedBlocks(normalized);
  return cues
    .filter((cue) => cue.text.length > 0 && cue.end > cue.start)
    .sort((a, b) => a.start - b.start || a.end - b.end);
}

// SubRip `00:01:02,500`, WebVTT `01:02.500` / `00:01:02.500`; some SRT writers use a dot or drop digits
const TIME = String.raw`(?:(\d{1,3}):)?(\d{1,2}):(\d{1,2})[,.](\d{1,3})`;
const TIMING = new RegExp(`^\\s*${TIME}\\s*-->\\s*${TIME}`);

/** SubRip and WebVTT: a block is an optional id line, a timing line, then text up to a blank line. */
function parseTimedBlocks(text: string): Cue[] {
  const cues: Cue[] = [];
  for (const block of text.split(/\n\s*\n/)) {
    const lines = block.split('\n');
    const timingAt = lines.findIndex((line) => TIMING.test(line));
    // WebVTT NOTE/STYLE/REGION blocks and the header have no timing line
    if (timingAt === -1 || timingAt > 1) continue;
    const m = TIMING.exec(lines[timingAt]) as RegExpExecArray;
    cues.push({
      start: seconds(m[1], m[2], m[3], m[4]),
      end: seconds(m[5], m[6], m[7], m[8]),
      text: cleanMarkup(lines.slice(timingAt + 1).join('\n')),
    });
  }
  return cues;
}

function seconds(h: string | undefined, m: string, s: string, fraction: string): number {
  return Number(h ?? 0) * 3600 + Number(m) * 60 + Number(s) + Number(fraction.padEnd(3, '0')) / 1000;
}

/** SubRip/WebVTT markup → WebVTT cue text: `<i>`, `<b>`, `<u>` kept; fonts, classes, voices and stray ASS tags dropped. */
export function cleanMarkup(text: string): string {
  const parts = text
    .replace(/\{\\[^}]*\}/g, '')
    .split(/(<\/?[a-z][^>]*>)/i)
    .map((part) => {
      const tag = /^<(\/?)([biu])\b[^>]*>$/i.exec(part);
      if (tag) return `<${tag[1]}${tag[2].toLowerCase()}>`;
      if (/^<\/?[a-z][^>]*>$/i.test(part)) return '';
      return escapeText(part);
    });
  return tidy(balanceTags(parts.join('')));
}

/**
 * ASS/SSA `[Events]` → cues. Styling goes (positions, colours, fonts, karaoke, drawings);
 * italics stay as `<i>`, since they carry meaning (thoughts, voices off screen, foreign words).
 */
function parseAss(text: string): Cue[] {
  const cues: Cue[] = [];
  let inEvents = false;
  let fields: string[] = [];
  for (const line of text.split('\n')) {
    const section = /^\s*\[(.+)\]\s*$/.exec(line);
    if (section) {
      inEvents = section[1].toLowerCase() === 'events';
      continue;
    }
    if (!inEvents) continue;
    const format = /^Format:\s*(.*)$/i.exec(line);
    if (format) fields = format[1].split(',').map((f) => f.trim().toLowerCase());
    const dialogue = /^Dialogue:\s*(.*)$/i.exec(line);
    if (!dialogue || fields.length === 0) continue;
    const values = splitFields(dialogue[1], fields.length);
    const start = assTime(values[fields.indexOf('start')]);
    const end = assTime(values[fields.indexOf('end')]);
    if (start === undefined || end === undefined) continue;
    cues.push({ start, end, text: assToText(values[fields.indexOf('text')] ?? '') });
  }
  return cues;
}

/** The last field (Text) may itself hold commas. */
function splitFields(value: string, count: number): string[] {
  const parts = value.split(',');
  return [...parts.slice(0, count - 1), parts.slice(count - 1).join(',')].map((p, i) => (i < count - 1 ? p.trim() : p));
}

function assTime(value: string | undefined): number | undefined {
  const m = /^(\d+):(\d{1,2}):(\d{1,2})(?:\.(\d{1,3}))?$/.exec(value?.trim() ?? '');
  return m
    ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) + Number((m[4] ?? '0').padEnd(3, '0')) / 1000
    : undefined;
}

/** One ASS Text field → WebVTT cue text with italics. */
export function assToText(text: string): string {
  let out = '';
  let italic = false;
  let drawing = false;
  for (const part of text.split(/(\{[^}]*\})/)) {
    if (part.startsWith('{') && part.endsWith('}')) {
      for (const tag of part.slice(1, -1).matchAll(/\\(i|p)(\d+)?/g)) {
        const on = Number(tag[2] ?? 0) > 0;
        if (tag[1] === 'p') drawing = on;
        else if (on !== italic) {
          out += on ? '<i>' : '</i>';
          italic = on;
        }
      }
      continue;
    }
    if (drawing) continue;
    out += escapeText(part.replace(/\\[Nn]/g, '\n').replace(/\\h/g, ' '));
  }
  if (italic) out += '</i>';
  return tidy(out.replace(/<i>(\s*)<\/i>/g, '$1'));
}

function escapeText(text: string): string {
  return text
    .replace(/&(?![a-z]+;|#\d+;)/gi, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Lines trimmed, no blank lines (a blank line would end the cue; `-->` is already escaped). */
function tidy(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join('\n');
}

/** Closes tags a sloppy SRT left open and drops closers without an opener, so players never mis-nest. */
function balanceTags(text: string): string {
  const open: string[] = [];
  const out = text.replace(/<(\/?)([biu])>/g, (_all, close: string, name: string) => {
    if (!close) {
      open.push(name);
      return `<${name}>`;
    }
    const at = open.lastIndexOf(name);
    if (at === -1) return '';
    const closing = open.splice(at).reverse();
    return closing.map((n) => `</${n}>`).join('');
  });
  return (
    out +
    open
      .reverse()
      .map((n) => `</${n}>`)
      .join('')
  );
}
