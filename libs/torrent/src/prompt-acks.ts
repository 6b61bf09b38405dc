/** The bittorrent-protocol wire API this uses (public: `write`, events, `keepAlive()`). */
interface StartingWire {
  destroyed?: boolean;
  write: (this: StartingWire, ...args: unknown[]) => boolean;
  keepAlive(): void;
  once(event: string, fn: (...args: unknown[]) => void): void;
}

/** A connection is past its start by then, first block or not. */
const START_MS = 5_000;

/**
 * Answers every chunk a peer sends while the connection starts (from its handshake to its
 * first block) with a BitTorrent keep-alive, so that the kernel acknowledges the chunk at
 * once instead of after its delayed-ACK timer (40 ms on Linux).
 *
 * bittorrent-protocol writes a message's header and its payload separately, and webtorrent
 * leaves Nagle's algorithm on: a webtorrent peer sends the header of its metadata answer, or
 * of the first block, and holds the payload until that header is acknowledged. A capture of a
 * cold start showed each held for 40–45 ms, twice in a row. Only data from us acknowledges at
 * once (Node has no TCP_QUICKACK), and a keep-alive is the smallest message there is: four
 * bytes, valid at any time after the handshake, ignored by peers. Once a block has arrived the
 * pipeline keeps both directions busy and the acknowledgements come by themselves.
 */
export function acknowledgePromptlyWhileStarting(wire: unknown): void {
  // webtorrent hands out a wire once both handshakes are done: keep-alives are valid from here
  // (before, they would break MSE and the BitTorrent handshake, which are not messages)
  const w = wire as StartingWire;
  if (typeof w.keepAlive !== 'function' || typeof w.write !== 'function' || typeof w.once !== 'function') return;
  const write = w.write;
  w.write = function (this: StartingWire, ...args: unknown[]) {
    const accepted = write.apply(this, args);
    if (!this.destroyed) this.keepAlive();
    return accepted;
  };
  const stop = () => {
    clearTimeout(timer);
    w.write = write;
  };
  const timer = setTimeout(stop, START_MS);
  timer.unref?.();
  w.once('download', stop);
  w.once('close', stop);
}
