import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';

/**
 * The global ValidationPipe, except that path parameters reach their own pipes (FileIdPipe,
 * InfoHashPipe, FileNamePipe) as the raw text. With `transform` on, ValidationPipe turns a
 * `number` param into `+value` first, and `+' '` is 0: `/stream/<h>/%20` streamed file 0.
 */
export class AppValidationPipe extends ValidationPipe {
  constructor() {
    super({ whitelist: true, forbidNonWhitelisted: true, transform: true });
  }

  protected override transformPrimitive(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'param') return value;
    return super.transformPrimitive(value, metadata);
  }
}
