import { BadRequestException } from '@nestjs/common';

/**
 * Whether a client asked not to wait for the metadata: `Prefer: respond-async` (RFC 7240
 * §4.1; several preferences may share the header, comma-separated, with parameters) or
 * `?wait=false`. `?wait=true` wins over the header, since it is the more specific ask.
 */
export function wantsAsync(prefer: string | undefined, wait: string | undefined): boolean {
  if (wait !== undefined) {
    if (wait === 'false' || wait === '0') return true;
    if (wait === 'true' || wait === '1') return false;
    throw new BadRequestException('wait must be true or false');
  }
  return (prefer ?? '')
    .split(',')
    .some((preference) => preference.split(';')[0].trim().toLowerCase() === 'respond-async');
}
