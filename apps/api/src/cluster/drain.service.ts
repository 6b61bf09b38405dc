import { BeforeApplicationShutdown, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { TorrentService } from '#torrent';
import { AppConfig } from '../config/app.config.js';
import { ReadinessService } from '../health/readiness.service.js';

const POLL_MS = 200;

/**
 * SIGTERM: readiness answers 503 at once (`draining`), so a Kubernetes Service or a
 * health-checking balancer stops sending new viewers, while open streams get up to
 * `shutdown_grace` to finish. Requests still arriving meanwhile are served: stock nginx
 * moves a hash only once the node refuses connections. Then Nest closes HTTP and the engine.
 * Runs before the HTTP server closes (Nest calls beforeApplicationShutdown first).
 */
@Injectable()
export class DrainService implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(DrainService.name);
  private draining = false;

  constructor(
    private readonly readiness: ReadinessService,
    private readonly torrents: TorrentService,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.readiness.addCheck('draining', () =>
      this.draining ? 'shutting down; open streams are finishing' : undefined,
    );
  }

  get isDraining(): boolean {
    return this.draining;
  }

  /** Only a signal drains: app.close() from code (tests) stops at once. */
  async beforeApplicationShutdown(signal?: string): Promise<void> {
    if (signal !== 'SIGTERM') return;
    this.draining = true;
    const deadline = Date.now() + this.config.shutdownGraceMs;
    const open = () => this.torrents.activeReaders();
    this.logger.log({ openStreams: open(), graceMs: this.config.shutdownGraceMs }, 'SIGTERM: draining');
    while (open() > 0 && Date.now() < deadline) await sleep(POLL_MS);
    if (open() > 0) this.logger.warn({ openStreams: open() }, 'shutdown grace over; cutting the open streams');
    else this.logger.log('drained: no stream open');
  }
}
