import diagnostics from 'node:diagnostics_channel';
import type { Socket } from 'node:net';

const CHANNELS = ['net.client.socket', 'net.server.socket'] as const;

/**
 * Turns Nagle's algorithm off on every TCP socket the process opens or accepts from now on,
 * until the returned function is called. webtorrent leaves it on for peer connections, and a
 * BitTorrent start is a chain of small messages: with Nagle on, a message written while the
 * previous one is not yet acknowledged waits for the peer's delayed ACK (40 ms on Linux). A
 * capture of a cold start showed our first block request held that long behind our
 * `interested`; peers downloading from us met the same wait for our answers. Node's own HTTP
 * server and client (undici) and ioredis already turn it off, so only peer sockets change.
 * The sockets are reached through Node's published diagnostics channels, not webtorrent's
 * internals; uTP connections do not go through `net` and have no Nagle to begin with.
 */
export function disableNagle(): () => void {
  const onSocket = (message: unknown) => (message as { socket: Socket }).socket.setNoDelay(true);
  for (const channel of CHANNELS) diagnostics.subscribe(channel, onSocket);
  return () => {
    for (const channel of CHANNELS) diagnostics.unsubscribe(channel, onSocket);
  };
}
