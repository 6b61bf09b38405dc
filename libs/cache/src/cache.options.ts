import { ConfigurableModuleBuilder } from '@nestjs/common';

export interface CacheModuleOptions {
  /** Most entries held at once (`cache_size`). */
  maxEntries: number;
  /** An entry with no use and no activity for this long is swept (`idle_timeout`). */
  idleTimeoutMs: number;
  /** Period of the idle sweep, which also re-measures the disk (`cleanup_interval`). */
  cleanupIntervalMs: number;
  /**
   * Disk budget for everything under `dataDir` (`max_disk_usage`). 0 means unlimited;
   * undefined means `DEFAULT_DISK_FRACTION` of the space available at startup.
   */
  maxDiskBytes?: number;
  /** The directory whose whole content counts against the disk budget. */
  dataDir: string;
}

export const {
  ConfigurableModuleClass: ConfigurableCacheModule,
  MODULE_OPTIONS_TOKEN: CACHE_OPTIONS,
} = new ConfigurableModuleBuilder<CacheModuleOptions>().build();
