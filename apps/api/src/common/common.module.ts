import { Global, Module } from '@nestjs/common';
import { InternalAccess } from './internal-access.js';

@Global()
@Module({
  providers: [InternalAccess],
  exports: [InternalAccess],
})
export class CommonModule {}
