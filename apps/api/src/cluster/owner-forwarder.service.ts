import { BadGatewayException, HttpException, Injectable, Logger } from '@nestjs/common';
import type { Request } from 'express';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { TorrentService } from '#torrent';
import { AppConfig } from '../config/app.config.js';

/** Headers of the client's POST that the owner needs: who asks (auth, throttling) and how URLs look. */
const PASSED_HEADERS = ['authorization', 'x-api-key', 'x-forwarded-for', 'x-forwarded-proto', 'x-request-id'];
/** Beyond the owner's own metadata wait (torrent_timeout), which answers 504 first. */
const EXTRA_WAIT_MS = 10_000;

interface OwnerAnswer {
  status: number;
  body: unknown;
}

/**
 * With `cluster_url` set, a POST that lands on a node the info hash does not map to is not
 * added here: the source is already in the store, and `GET /torrent/<h>` through the load
 * balancer reaches the node the hash maps to, which adds it from the store and waits for
 * its metadata. Only that node downloads. If the hash maps to this node, the request
 * comes back here and is served locally; no node needs to know the hash ring.
 */
@Injectable()
export class OwnerForwarder {
  private readonly logger = new Logger(OwnerForwarder.name);

  constructor(
    private readonly config: AppConfig,
    private readonly torrents: TorrentService,
  ) {}

  /** The owner's answer (a torrent, already presented), or undefined when this node adds it itself. */
  async viaOwner(infoHash: string, client: Request, wait = true): Promise<unknown> {
    const clusterUrl = this.config.clusterUrl;
    if (!clusterUrl || this.torrents.list().some((torrent) => torrent.infoHash === infoHash)) return undefined;
    // a non-blocking add stays non-blocking on the owner: it answers 202 until the metadata is in
    const url = new URL(`torrent/${infoHash}${wait ? '' : '?wait=false'}`, clusterUrl.endsWith('/') ? clusterUrl : `${clusterUrl}/`);
    let answer: OwnerAnswer;
    try {
      answer = await this.get(url, forwardedHeaders(client.headers));
    } catch (err) {
      this.logger.warn({ infoHash, err: (err as Error).message }, 'cluster_url unreachable');
      throw new BadGatewayException(`the load balancer at cluster_url did not answer: ${(err as Error).message}`);
    }
    if (answer.status === 200 || answer.status === 202) return answer.body;
    const error = (answer.body as { error?: unknown } | undefined)?.error;
    throw new HttpException(
      typeof error === 'string' ? error : `the owning node answered ${answer.status}`,
      answer.status,
    );
  }

  /** node:http, not fetch: fetch drops the Host header, and the owner builds its URLs from it. */
  private get(url: URL, headers: Record<string, string>): Promise<OwnerAnswer> {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const outgoing = send(url, { method: 'GET', headers: { ...headers, accept: 'application/json' } }, (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: incoming.statusCode ?? 502, body: text ? JSON.parse(text) : undefined });
          } catch {
            reject(new Error(`answer ${incoming.statusCode} is not JSON`));
          }
        });
      });
      outgoing.setTimeout(this.config.torrentTimeoutMs + EXTRA_WAIT_MS, () =>
        outgoing.destroy(new Error('no answer in time')),
      );
      outgoing.on('error', reject);
      outgoing.end();
    });
  }
}

function forwardedHeaders(incoming: IncomingHttpHeaders): Record<string, string> {
  const headers: Record<string, string> = {};
  // the client's Host, so the owner's URLs point where the client already goes
  if (incoming.host) headers.host = incoming.host;
  for (const name of PASSED_HEADERS) {
    const value = incoming[name];
    if (typeof value === 'string') headers[name] = value;
  }
  return headers;
}
