export interface VttCue {
  start: number;
  end: number;
  text: string;
}

const time = (value: string) => {
  const parts = value.split(':').map(Number);
  return parts.reduce((total, part) => total * 60 + part, 0);
};

/** A strict-enough WebVTT reader for tests: header, optional X-TIMESTAMP-MAP, then cues. */
export function parseVtt(text: string): { timestampMap?: string; cues: VttCue[] } {
  if (!text.startsWith('WEBVTT')) throw new Error(`not WebVTT: ${text.slice(0, 40)}`);
  const blocks = text.replace(/\r\n/g, '\n').split(/\n\n+/);
  const timestampMap = /^X-TIMESTAMP-MAP=(.*)$/m.exec(blocks[0])?.[1];
  const cues: VttCue[] = [];
  for (const block of blocks.slice(1)) {
    const lines = block.split('\n').filter(Boolean);
    const timing = lines.findIndex((line) => line.includes('-->'));
    if (timing === -1) continue;
    const match = /^(\S+) --> (\S+)/.exec(lines[timing]);
    if (!match) throw new Error(`bad timing line: ${lines[timing]}`);
    cues.push({ start: time(match[1]), end: time(match[2]), text: lines.slice(timing + 1).join('\n') });
  }
  return { timestampMap, cues };
}
