import Wire from 'bittorrent-protocol';
import { describe, expect, it } from 'vitest';
import { acknowledgePromptlyWhileStarting } from './prompt-acks.js';

/** The part of bittorrent-protocol's Wire used here (its published types lag behind the code). */
interface PeerWire extends NodeJS.EventEmitter {
  pipe(to: PeerWire): PeerWire;
  handshake(infoHash: string, peerId: string): void;
  unchoke(): void;
  have(index: number): void;
  interested(): void;
  request(index: number, offset: number, length: number, cb: (err: Error | null) => void): void;
  destroy(): void;
}

const newWire = () => new (Wire as unknown as new () => PeerWire)();
const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

/** Two real bittorrent-protocol wires, piped as over a socket, both handshaken. */
async function connectedPair(): Promise<{ us: PeerWire; peer: PeerWire; keepAlivesToPeer: () => number }> {
  const us = newWire();
  const peer = newWire();
  us.pipe(peer).pipe(us);
  let keepAlives = 0;
  peer.on('keep-alive', () => (keepAlives += 1));
  peer.on('handshake', () => peer.handshake('a'.repeat(40), 'b'.repeat(40)));
  const handshaken = new Promise((resolve) => us.once('handshake', resolve));
  us.handshake('a'.repeat(40), 'c'.repeat(40));
  await handshaken;
  return { us, peer, keepAlivesToPeer: () => keepAlives };
}

describe('acknowledgePromptlyWhileStarting (real bittorrent-protocol wires)', () => {
  it('answers each chunk the peer sends with a keep-alive until the first block, then stops', async () => {
    const { us, peer, keepAlivesToPeer } = await connectedPair();
    acknowledgePromptlyWhileStarting(us);
    peer.unchoke();
    await tick();
    peer.have(3);
    await tick();
    const whileStarting = keepAlivesToPeer();
    expect(whileStarting).toBeGreaterThanOrEqual(2);

    // the first block ends the start
    peer.on('request', (_i: number, _o: number, length: number, respond: (err: Error | null, block: Uint8Array) => void) => respond(null, new Uint8Array(length)));
    await new Promise<void>((resolve) => us.request(0, 0, 16 * 1024, () => resolve()));
    await tick();
    const atFirstBlock = keepAlivesToPeer();
    peer.have(4);
    peer.have(5);
    await tick();
    expect(keepAlivesToPeer()).toBe(atFirstBlock);
    us.destroy();
    peer.destroy();
  });

  it('sends nothing on a wire that was never started on', async () => {
    const { us, peer, keepAlivesToPeer } = await connectedPair();
    peer.unchoke();
    peer.have(3);
    await tick();
    expect(keepAlivesToPeer()).toBe(0);
    us.destroy();
    peer.destroy();
  });
});
