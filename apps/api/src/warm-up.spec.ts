import { describe, expect, it } from 'vitest';
import { loopbackUrl } from './warm-up.js';

describe('loopbackUrl', () => {
  it('reaches a listener on every IPv4 address through 127.0.0.1', () => {
    expect(loopbackUrl({ address: '0.0.0.0', family: 'IPv4', port: 8080 })).toBe('http://127.0.0.1:8080');
  });

  it('reaches a listener on every IPv6 address through ::1', () => {
    expect(loopbackUrl({ address: '::', family: 'IPv6', port: 8080 })).toBe('http://[::1]:8080');
  });

  it('uses the one address a listener is bound to', () => {
    expect(loopbackUrl({ address: '10.0.0.5', family: 'IPv4', port: 80 })).toBe('http://10.0.0.5:80');
    expect(loopbackUrl({ address: 'fe80::1', family: 'IPv6', port: 80 })).toBe('http://[fe80::1]:80');
  });
});
