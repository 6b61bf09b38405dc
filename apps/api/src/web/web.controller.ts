import { Controller, Get, Logger, NotFoundException, OnModuleInit, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Public } from '../auth/access.decorators.js';
import { webRoot } from './web-root.js';

/** Built asset names carry a content hash: `app-KDUIMLPH.js`, `style-OHVYMU54.css.map`. */
const ASSET = /^[\w-]+-[A-Z0-9]{8}\.(js|css)(\.map)?$/;

/**
 * The page at `/` and its assets, built by `npm run build` into dist/web (apps/web holds
 * the sources). Open without a key even when auth is on: the page asks for one.
 */
@ApiExcludeController()
@Public()
@SkipThrottle({ stream: true })
@Controller()
export class WebController implements OnModuleInit {
  private readonly logger = new Logger(WebController.name);
  private readonly root = webRoot();

  onModuleInit(): void {
    if (!existsSync(join(this.root, 'index.html'))) {
      this.logger.warn(`the page is not built (no ${this.root}/index.html): run npm run build`);
    }
  }

  @Get()
  index(@Res() response: Response): void {
    // always revalidated: it names the current hashed assets
    this.send(response, 'index.html', 'no-cache');
  }

  @Get('assets/:file')
  asset(@Param('file') file: string, @Res() response: Response): void {
    if (!ASSET.test(file)) throw new NotFoundException(`no asset ${file}`);
    // the name changes with the content
    this.send(response, join('assets', file), 'public, max-age=31536000, immutable');
  }

  private send(response: Response, path: string, cacheControl: string): void {
    if (!existsSync(join(this.root, path))) throw new NotFoundException(`${path} is not built: run npm run build`);
    response.sendFile(path, { root: this.root, headers: { 'Cache-Control': cacheControl }, cacheControl: false }, (err?: Error) => {
      // the file is there (checked above): a failure here is the client going away mid-send
      if (err) response.destroy();
    });
  }
}
