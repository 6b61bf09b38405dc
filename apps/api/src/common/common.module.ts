import { Global, Module } from '@nestjs/common';
import { InternalAccess } from './internal-access.js';
import { MediaUrls } from './media-urls.js';

@Global()
@Module({
  providers: [InternalAccess, MediaUrls],
  exports: [InternalAccess, MediaUrls],
})
export class CommonModule {}
