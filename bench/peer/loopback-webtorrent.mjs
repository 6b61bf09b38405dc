// The webtorrent the CLI gets (see loopback-hooks.mjs): the real class with every option
// that could reach beyond 127.0.0.1 forced off. uTP, the strategy, the store, the HTTP
// server and everything else stay at the CLI's defaults.
// It also reports, on stderr, the moment a torrent is added (the magnet handed to the
// engine), so the bench can time "magnet → first byte" from the same point for the peer
// as for our server (which it times from before its POST).
import WebTorrent from 'webtorrent';

const LOOPBACK_ONLY = {
  dht: false,
  lsd: false,
  natUpnp: false,
  natPmp: false,
  utPex: false,
  webSeeds: false,
};

export default class LoopbackWebTorrent extends WebTorrent {
  constructor(opts = {}) {
    // a stray global would make webtorrent add public trackers to every torrent
    delete globalThis.WEBTORRENT_ANNOUNCE;
    super({ ...opts, ...LOOPBACK_ONLY, ...(process.env.BENCH_PEER_UTP === "0" ? { utp: false } : {}) });
    process.stderr.write(`BENCH_PEER_CLIENT utp=${this.utp} dht=${Boolean(this.dht)} lsd=${Boolean(this.lsd)}\n`);
  }

  add(torrentId, opts, onTorrent) {
    process.stderr.write(`BENCH_PEER_ADD ${performance.timeOrigin + performance.now()}\n`);
    return super.add(torrentId, opts, onTorrent);
  }
}
