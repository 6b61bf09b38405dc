import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { authConfigProblems } from '../auth/auth-config.util.js';
import { AppConfig } from './app.config.js';
import { CONFIG_KEYS } from './config.keys.js';

export type RawConfig = Record<string, unknown>;

/** Startup stops on this; each line names one bad key. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((line) => `  - ${line}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface ConfigSources {
  /** Parsed config.yaml contents (lowest precedence). */
  yaml?: RawConfig;
  /** process.env after .env was merged in (real env vars win over .env). */
  env?: NodeJS.ProcessEnv;
  /** Programmatic overrides, e.g. from tests (highest precedence). */
  overrides?: RawConfig;
}

/** Merges the sources key by key, parses units, and validates the result. Pure. */
export function buildAppConfig({ yaml = {}, env = {}, overrides = {} }: ConfigSources): AppConfig {
  const problems: string[] = [];
  const known = new Set(CONFIG_KEYS.map(({ key }) => key));
  for (const key of Object.keys(yaml)) {
    if (!known.has(key)) problems.push(`${key}: unknown key in config.yaml`);
  }

  const values: Record<string, unknown> = {};
  for (const { key, property, parse, fallback, expects } of CONFIG_KEYS) {
    const given = overrides[key] ?? env[key.toUpperCase()] ?? yaml[key];
    // an empty value unsets a key, except a list, where it means "none" (TRACKERS= for no trackers)
    const raw = given === '' && !Array.isArray(fallback) ? fallback : (given ?? fallback);
    if (raw === undefined || raw === '') {
      if (Array.isArray(fallback)) values[property] = [];
      continue;
    }
    const value = parse(raw);
    if (value === undefined || Number.isNaN(value)) {
      problems.push(`${key}: expected ${expects}, got ${JSON.stringify(raw)}`);
      continue;
    }
    values[property] = value;
  }

  const config = plainToInstance(AppConfig, values);
  const failed = new Set(problems.map((line) => line.split(':')[0]));
  for (const error of validateSync(config)) {
    const entry = CONFIG_KEYS.find(({ property }) => property === error.property);
    const key = entry?.key ?? error.property;
    if (failed.has(key)) continue;
    const reasons = Object.values(error.constraints ?? {}).map((reason) =>
      reason.replace(error.property, 'value'),
    );
    problems.push(`${key}: ${reasons.join('; ')} (got ${JSON.stringify(error.value)})`);
  }
  if (problems.length === 0) problems.push(...authConfigProblems(config));
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** Reads config.yaml (or $CONFIG_FILE) when present. */
export function readYamlConfig(env: NodeJS.ProcessEnv = process.env): RawConfig {
  const file = resolve(env.CONFIG_FILE ?? 'config.yaml');
  if (!existsSync(file)) {
    if (env.CONFIG_FILE) throw new ConfigError([`CONFIG_FILE: ${file} does not exist`]);
    return {};
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError([`${file}: not valid YAML (${(err as Error).message.split('\n')[0]})`]);
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError([`${file}: must be a mapping of key: value`]);
  }
  return parsed as RawConfig;
}

/** Variables from ./.env; real environment variables win over them. */
export function readDotEnv(file = resolve('.env')): NodeJS.ProcessEnv {
  return existsSync(file) ? parseEnv(readFileSync(file, 'utf8')) : {};
}

/** config.yaml, then .env, then the environment: later sources override earlier ones. */
export function loadAppConfig(overrides: RawConfig = {}): AppConfig {
  const env = { ...readDotEnv(), ...process.env };
  return buildAppConfig({ yaml: readYamlConfig(env), env, overrides });
}
