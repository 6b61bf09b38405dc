import { Module } from '@nestjs/common';
import { WebController } from './web.controller.js';

/** The built-in player page (sources in apps/web). */
@Module({ controllers: [WebController] })
export class WebModule {}
