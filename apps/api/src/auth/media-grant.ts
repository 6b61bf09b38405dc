import type { Request } from 'express';

/** Requests that came through a valid signed media URL (set by SignedMediaMiddleware). */
const granted = new WeakSet<Request>();

export function grantMedia(request: Request): void {
  granted.add(request);
}

export function hasMediaGrant(request: Request): boolean {
  return granted.has(request);
}
