/**
 * The HTML page that the browser e2e spec loads: a muted autoplaying <video> driven by
 * hls.js, plus `window.player`, which the spec calls through Playwright:
 *
 *   player.load(masterUrl, fallbackUrl?, hlsConfig?)
 *                                         attach hls.js to the master playlist; if the
 *                                         master (or its level) cannot be loaded or parsed,
 *                                         retry once with the media playlist
 *   player.seek(seconds)                  set video.currentTime
 *   player.state()                        a JSON snapshot of the video and everything logged
 *   player.hls                            the hls.js instance (audio and subtitle tracks)
 *
 * Plain JavaScript in a string: the project compiles without DOM types, and this runs only
 * in Chromium. hls.js is served next to the page as /hls.min.js.
 */
/** The player's script alone, for a page served under a CSP that forbids inline scripts. */
export const PLAYER_SCRIPT = `(() => {
  'use strict';
  const LIMIT = 400;
  const t0 = performance.now();
  const now = () => Math.round(performance.now() - t0);
  const video = document.getElementById('video');
  video.muted = true;
  const state = {
    hlsVersion: typeof Hls === 'function' ? Hls.version : null,
    hlsSupported: typeof Hls === 'function' && Hls.isSupported(),
    source: null,
    attempts: [],
    levels: null,
    level: null,
    errors: [],
    logs: [],
    videoEvents: [],
    fragments: [],
    pageErrors: [],
    playRejections: [],
    firstPlayingAt: null,
  };
  const push = (list, item) => { if (list.length < LIMIT) list.push(item); };
  const describe = (value) => {
    if (typeof value === 'string') return value;
    if (value instanceof Error) return value.name + ': ' + value.message;
    try { return JSON.stringify(value); } catch { return String(value); }
  };
  const text = (args) => args.map(describe).join(' ').slice(0, 600);
  // hls.js only warns about what went wrong; its log/info lines are kept when they
  // mention what would point at a server problem (holes, gaps, stalls, discontinuities)
  const INTERESTING = /hole|gap|stall|nudg|discontinu|skip|overlap|jump|misalign|drift|negative|backtrack|not buffered|missing|invalid|unexpected|fail/i;
  // routine lines that only happen to contain one of those words
  const ROUTINE = /Start loading primary|Starting new transmux session/;
  const keep = (message) => INTERESTING.test(message) && !ROUTINE.test(message);
  const logger = {
    trace() {},
    debug() {},
    log: (...args) => { const message = text(args); if (keep(message)) push(state.logs, { t: now(), level: 'log', message }); },
    info: (...args) => { const message = text(args); if (keep(message)) push(state.logs, { t: now(), level: 'info', message }); },
    warn: (...args) => push(state.logs, { t: now(), level: 'warn', message: text(args) }),
    error: (...args) => push(state.logs, { t: now(), level: 'error', message: text(args) }),
  };
  window.addEventListener('error', (event) => push(state.pageErrors, { t: now(), message: String(event.message) }));
  window.addEventListener('unhandledrejection', (event) => push(state.pageErrors, { t: now(), message: describe(event.reason) }));

  for (const type of ['loadedmetadata', 'loadeddata', 'canplay', 'playing', 'waiting', 'stalled', 'seeking', 'seeked', 'ended', 'error', 'emptied', 'abort']) {
    video.addEventListener(type, () => {
      push(state.videoEvents, { t: now(), type, currentTime: round(video.currentTime) });
      if (type === 'playing' && state.firstPlayingAt === null) state.firstPlayingAt = now();
    });
  }

  const FALLBACK_DETAILS = ['manifestLoadError', 'manifestLoadTimeOut', 'manifestParsingError', 'manifestIncompatibleCodecsError',
    'levelLoadError', 'levelLoadTimeOut', 'levelParsingError', 'levelEmptyError'];
  let hls = null;
  let fallbackUrl = null;

  function round(value) { return Number.isFinite(value) ? Math.round(value * 1000) / 1000 : value; }

  let hlsConfig = {};

  function attach(url, label) {
    if (hls) hls.destroy();
    state.source = label;
    state.attempts.push({ t: now(), label, url });
    hls = new Hls({ ...hlsConfig, debug: logger });
    hls.on(Hls.Events.MANIFEST_PARSED, (_event, data) => {
      state.levels = data.levels.map((level) => ({
        codecs: level.attrs && level.attrs.CODECS, videoCodec: level.videoCodec, audioCodec: level.audioCodec,
        width: level.width, height: level.height, bitrate: level.bitrate,
      }));
      const played = video.play();
      if (played && played.catch) played.catch((err) => push(state.playRejections, { t: now(), message: describe(err) }));
    });
    hls.on(Hls.Events.LEVEL_LOADED, (_event, data) => {
      const details = data.details;
      state.level = {
        totalduration: round(details.totalduration), fragments: details.fragments.length, live: details.live,
        targetduration: details.targetduration, endList: details.endList, type: details.type,
      };
    });
    hls.on(Hls.Events.FRAG_BUFFERED, (_event, data) => {
      const { frag, stats } = data;
      push(state.fragments, {
        t: now(), sn: frag.sn, type: frag.type, url: frag.url, start: round(frag.start), duration: round(frag.duration), bytes: stats.total,
        loadMs: Math.round(stats.loading.end - stats.loading.start),
        firstByteMs: Math.round(stats.loading.first - stats.loading.start),
      });
    });
    hls.on(Hls.Events.ERROR, (_event, data) => {
      push(state.errors, {
        t: now(), source: label, type: data.type, details: data.details, fatal: data.fatal,
        url: (data.frag && data.frag.url) || data.url || (data.context && data.context.url) || undefined,
        sn: data.frag ? data.frag.sn : undefined,
        responseCode: data.response ? data.response.code : undefined,
        reason: data.reason, error: data.error ? describe(data.error) : undefined,
        buffer: data.buffer, hole: data.hole, currentTime: round(video.currentTime),
      });
      if (data.fatal && label === 'master' && fallbackUrl && FALLBACK_DETAILS.includes(data.details)) {
        attach(fallbackUrl, 'media');
      }
    });
    hls.loadSource(url);
    hls.attachMedia(video);
  }

  function bufferedRanges() {
    const ranges = [];
    for (let i = 0; i < video.buffered.length; i++) ranges.push([round(video.buffered.start(i)), round(video.buffered.end(i))]);
    return ranges;
  }

  window.player = {
    /** The hls.js instance, for specs that drive its track lists. */
    get hls() { return hls; },
    load(masterUrl, mediaUrl, config) {
      fallbackUrl = mediaUrl || null;
      hlsConfig = config || {};
      attach(masterUrl, 'master');
    },
    seek(seconds) {
      push(state.videoEvents, { t: now(), type: 'seek-requested', currentTime: round(seconds) });
      video.currentTime = seconds;
    },
    state() {
      const quality = video.getVideoPlaybackQuality ? video.getVideoPlaybackQuality() : null;
      return JSON.parse(JSON.stringify({
        ...state,
        t: now(),
        currentTime: round(video.currentTime),
        duration: round(video.duration),
        paused: video.paused,
        ended: video.ended,
        seeking: video.seeking,
        readyState: video.readyState,
        networkState: video.networkState,
        videoWidth: video.videoWidth,
        videoHeight: video.videoHeight,
        videoError: video.error ? { code: video.error.code, message: video.error.message } : null,
        buffered: bufferedRanges(),
        quality: quality ? { total: quality.totalVideoFrames, dropped: quality.droppedVideoFrames } : null,
      }));
    },
  };
})();
`;

/** The page with the script inline, hls.js at /hls.min.js. */
export const PLAYER_PAGE_HTML = playerPageHtml('/hls.min.js');

/** The page; the player's script inline, or from `playerScriptSrc` (a strict CSP forbids inline scripts). */
export function playerPageHtml(hlsJsSrc: string, playerScriptSrc?: string): string {
  const player = playerScriptSrc ? `<script src="${playerScriptSrc}"></script>` : `<script>\n${PLAYER_SCRIPT}</script>`;
  return `<!doctype html>
<html>
<head><meta charset="utf-8"><title>tod-p2m hls.js player</title></head>
<body style="margin:0;background:#000">
<video id="video" muted autoplay playsinline width="640" height="360"></video>
<script src="${hlsJsSrc}"></script>
${player}
</body>
</html>
`;
}
