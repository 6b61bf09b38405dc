import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { AppConfig } from './app.config.js';

/** Makes the validated AppConfig injectable everywhere, by its class. */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppConfigModule,
      imports: [
        // Sources were merged and validated by loadAppConfig; ConfigService only carries the result.
        ConfigModule.forRoot({ ignoreEnvFile: true, load: [() => ({ app: config })] }),
      ],
      providers: [
        {
          provide: AppConfig,
          inject: [ConfigService],
          useFactory: (configService: ConfigService) => configService.getOrThrow<AppConfig>('app'),
        },
      ],
      exports: [AppConfig],
    };
  }
}
