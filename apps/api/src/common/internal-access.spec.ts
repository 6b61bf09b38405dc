import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { INTERNAL_TOKEN_HEADER, InternalAccess } from './internal-access.js';

const requestWith = (headers: Record<string, string>, query: Record<string, string> = {}) => ({ headers, query }) as unknown as Request;

describe('InternalAccess', () => {
  it('recognises its own header, and only its own token', () => {
    const access = new InternalAccess();
    const headers = access.headers();
    expect(Object.keys(headers)).toEqual([INTERNAL_TOKEN_HEADER]);
    expect(access.isInternal(requestWith(headers))).toBe(true);
    expect(access.isInternal(requestWith(new InternalAccess().headers()))).toBe(false);
    expect(access.isInternal(requestWith({ [INTERNAL_TOKEN_HEADER]: headers[INTERNAL_TOKEN_HEADER].slice(1) }))).toBe(false);
    expect(access.isInternal(requestWith({}))).toBe(false);
  });

  it('ignores the token in the query string, where logs would show it', () => {
    const access = new InternalAccess();
    expect(access.isInternal(requestWith({}, { internal_token: access.headers()[INTERNAL_TOKEN_HEADER] }))).toBe(false);
  });
});
