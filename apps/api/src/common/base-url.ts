import type { Request } from 'express';

/**
 * Absolute URLs in answers: the configured public URL, else the one the client used.
 * `req.protocol` follows X-Forwarded-Proto only when trust_proxy is on.
 */
export function baseUrlOf(request: Request, publicUrl?: string): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, '');
  return `${request.protocol}://${request.get('host') ?? 'localhost'}`;
}
