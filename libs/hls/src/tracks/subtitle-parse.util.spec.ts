import { describe, expect, it } from 'vitest';
import { assToText, cleanMarkup, parseSubtitles } from './subtitle-parse.util.js';

describe('parseSubtitles', () => {
  it('reads SubRip with CRLF, a BOM, sloppy times and markup', () => {
    const srt = '\uFEFF1\r\n00:00:01,000 --> 00:00:03,5\r\n<font color="red">Red</font> & <i>it</b>\r\n\r\n2\r\n0:00:10.250 --> 0:00:12.000\r\n\r\n3\r\n00:01:02,003 --> 00:01:04,000\r\nA --> B\r\n\r\n';
    expect(parseSubtitles(srt, 'subrip')).toEqual([
      { start: 1, end: 3.5, text: 'Red &amp; <i>it</i>' },
      { start: 62.003, end: 64, text: 'A --&gt; B' },
    ]);
  });

  it('reads WebVTT, skipping the header, NOTE and STYLE blocks and cue settings', () => {
    const vtt = 'WEBVTT - title\n\nNOTE a note\n\nSTYLE\n::cue { color: red }\n\nid-1\n00:01.000 --> 00:02.000 align:start\n<v Bob><b>Hi</b>\n\n01:00:00.000 --> 01:00:01.500\nLate\n';
    expect(parseSubtitles(vtt, 'webvtt')).toEqual([
      { start: 1, end: 2, text: '<b>Hi</b>' },
      { start: 3600, end: 3601.5, text: 'Late' },
    ]);
  });

  it('reads ASS events by their Format line, text commas included, sorted by start', () => {
    const ass = [
      '[Script Info]',
      'Title: x',
      '[Events]',
      'Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text',
      'Dialogue: 0,0:00:05.50,0:00:07.00,Default,,0,0,0,,Later, with a comma',
      'Comment: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,not shown',
      'Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,{\\i1}First{\\i0}\\Nline',
    ].join('\n');
    expect(parseSubtitles(ass, 'ass')).toEqual([
      { start: 1, end: 2, text: '<i>First</i>\nline' },
      { start: 5.5, end: 7, text: 'Later, with a comma' },
    ]);
  });
});

describe('assToText', () => {
  it('keeps italics, drops every other override and drawings', () => {
    expect(assToText('{\\an8\\pos(10,20)}{\\i1}Bonjour{\\i0} le {\\b1}monde{\\b0}\\Nligne\\hdeux')).toBe('<i>Bonjour</i> le monde\nligne deux');
    expect(assToText('{\\i1}open to the end')).toBe('<i>open to the end</i>');
    expect(assToText('{\\p1}m 0 0 l 100 0 100 100{\\p0}Sign <text>')).toBe('Sign &lt;text&gt;');
    expect(assToText('{\\i1}{\\i0}')).toBe('');
  });
});

describe('cleanMarkup', () => {
  it('keeps b, i, u balanced and escapes the rest', () => {
    expect(cleanMarkup('<B>bold</B> <u>under <i>both</u> 1 < 2')).toBe('<b>bold</b> <u>under <i>both</i></u> 1 &lt; 2');
    expect(cleanMarkup('{\\an8}top\n\nline')).toBe('top\nline');
  });
});
