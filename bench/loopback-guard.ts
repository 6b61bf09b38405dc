import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

/**
 * Proof (not trust) that a process talks to 127.0.0.1 only: every TCP socket it holds must
 * be a listener or have a loopback remote address, and it may hold UDP sockets only on the
 * ports we allow (uTP on its torrent port). A DHT, LSD or UPnP/NAT-PMP client would show up
 * as an extra UDP socket, an outgoing tracker or peer connection as a non-loopback remote.
 * Returns the violations found; empty means clean.
 */
export function loopbackViolations(pid: number, allowedUdpPorts: readonly number[] = []): string[] {
  const inodes = socketInodes(pid);
  if (inodes.size === 0) return [];
  const violations: string[] = [];
  for (const proto of ['tcp', 'tcp6', 'udp', 'udp6'] as const) {
    for (const row of readTable(pid, proto)) {
      if (!inodes.has(row.inode)) continue;
      if (proto.startsWith('tcp')) {
        const listening = row.state === '0A';
        if (!listening && !isLoopback(row.remoteHost)) violations.push(`${proto} ${row.local} -> ${row.remote}`);
      } else {
        const connectedElsewhere = !isAnyAddress(row.remoteHost) && !isLoopback(row.remoteHost);
        if (connectedElsewhere || !allowedUdpPorts.includes(row.localPort)) {
          violations.push(`${proto} socket on port ${row.localPort} (remote ${row.remote})`);
        }
      }
    }
  }
  return violations;
}

function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return inodes;
  }
  for (const fd of fds) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match) inodes.add(match[1]);
    } catch {
      // fd closed meanwhile
    }
  }
  return inodes;
}

interface Row {
  local: string;
  remote: string;
  remoteHost: string;
  localPort: number;
  state: string;
  inode: string;
}

function readTable(pid: number, proto: string): Row[] {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/net/${proto}`, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .slice(1)
    .filter((line) => line.trim())
    .map((line) => {
      const cols = line.trim().split(/\s+/);
      const [localHex, localPortHex] = cols[1].split(':');
      const [remoteHex, remotePortHex] = cols[2].split(':');
      const remoteHost = decodeHost(remoteHex);
      return {
        local: `${decodeHost(localHex)}:${parseInt(localPortHex, 16)}`,
        remote: `${remoteHost}:${parseInt(remotePortHex, 16)}`,
        remoteHost,
        localPort: parseInt(localPortHex, 16),
        state: cols[3],
        inode: cols[9],
      };
    });
}

// /proc/net addresses are hex in host byte order per 32-bit word (little endian here).
function decodeHost(hex: string): string {
  const words = hex.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((word) => (word.match(/../g) ?? []).reverse().map((b) => parseInt(b, 16)));
  if (bytes.length === 4) return bytes.join('.');
  // IPv4-mapped IPv6 (::ffff:a.b.c.d) shown as IPv4
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) {
    return bytes.slice(12).join('.');
  }
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] << 8) | bytes[i + 1]).toString(16));
  return groups.join(':');
}

function isLoopback(host: string): boolean {
  return host.startsWith('127.') || host === '0:0:0:0:0:0:0:1';
}

function isAnyAddress(host: string): boolean {
  return host === '0.0.0.0' || host === '0:0:0:0:0:0:0:0';
}
