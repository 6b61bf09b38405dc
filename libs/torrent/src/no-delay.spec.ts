import { createServer, Socket, type AddressInfo, type Server } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { disableNagle } from './no-delay.js';

describe('disableNagle', () => {
  let server: Server;
  let port: number;
  const accepted: Socket[] = [];
  const opened: Socket[] = [];

  beforeEach(async () => {
    server = createServer((socket) => accepted.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterEach(async () => {
    vi.restoreAllMocks();
    for (const socket of [...accepted, ...opened]) socket.destroy();
    accepted.length = 0;
    opened.length = 0;
    await new Promise((resolve) => server.close(resolve));
  });

  const connect = async () => {
    const socket = new Socket();
    opened.push(socket);
    const arrived = accepted.length + 1;
    await new Promise<void>((resolve) => socket.connect(port, '127.0.0.1', resolve));
    await vi.waitFor(() => expect(accepted).toHaveLength(arrived));
    return { outgoing: socket, incoming: accepted[arrived - 1] };
  };

  it('turns Nagle off on sockets opened and accepted while on, and leaves later ones alone once stopped', async () => {
    const setNoDelay = vi.spyOn(Socket.prototype, 'setNoDelay');
    const stop = disableNagle();
    const on = await connect();
    const turnedOff = (socket: Socket) => setNoDelay.mock.contexts.includes(socket) && setNoDelay.mock.calls.every(([flag]) => flag === true);
    expect(turnedOff(on.outgoing)).toBe(true);
    expect(turnedOff(on.incoming)).toBe(true);
    stop();
    setNoDelay.mockClear();
    const off = await connect();
    expect(setNoDelay.mock.contexts).not.toContain(off.outgoing);
    expect(setNoDelay.mock.contexts).not.toContain(off.incoming);
  });
});
