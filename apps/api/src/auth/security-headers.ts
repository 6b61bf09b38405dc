import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * helmet's headers on the page and the API. The CSP keeps what a player page needs: media
 * and hls.js workers from blob: URLs (MediaSource), playlists and segments fetched from
 * here, Swagger UI's inline styles and data: images. Left out on purpose:
 * `upgrade-insecure-requests` and HSTS, which would break a plain-HTTP server on a LAN
 * (HTTPS is the reverse proxy's call), and a same-origin CORP, which would stop pages on
 * other origins from playing our streams (CORS is open by default).
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'media-src': ["'self'", 'blob:', 'data:'],
        'worker-src': ["'self'", 'blob:'],
        'connect-src': ["'self'"],
        'font-src': ["'self'", 'data:'],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'self'"],
      },
    },
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    strictTransportSecurity: false,
  });
}
