import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app.config.js';
import { KeyRing } from './key-ring.util.js';

/** The configured API keys and metrics token, compared in constant time. */
@Injectable()
export class ApiKeys {
  private readonly keys: KeyRing;
  private readonly metricsToken: KeyRing;

  constructor(config: AppConfig) {
    this.keys = new KeyRing(config.apiKeys);
    this.metricsToken = new KeyRing(config.metricsToken === undefined ? [] : [config.metricsToken]);
  }

  /** Auth is on as soon as one key is configured. */
  get enabled(): boolean {
    return this.keys.size > 0;
  }

  get hasMetricsToken(): boolean {
    return this.metricsToken.size > 0;
  }

  isApiKey(presented: string): boolean {
    return this.keys.matches(presented);
  }

  isMetricsToken(presented: string): boolean {
    return this.metricsToken.matches(presented);
  }
}
