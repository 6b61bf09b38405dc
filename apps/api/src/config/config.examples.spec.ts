import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { buildAppConfig } from './config.loader.js';
import { CONFIG_KEYS } from './config.keys.js';

const root = new URL('../../../../', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, root), 'utf8');

describe('documented examples', () => {
  it('config.yaml.example loads cleanly and mentions every key', () => {
    const text = read('config.yaml.example');
    expect(() => buildAppConfig({ yaml: parseYaml(text) })).not.toThrow();
    for (const { key } of CONFIG_KEYS) expect(text).toContain(key);
  });

  it('.env.example loads cleanly and mentions every variable', () => {
    const text = read('.env.example');
    expect(() => buildAppConfig({ env: parseEnv(text) })).not.toThrow();
    for (const { key } of CONFIG_KEYS) expect(text).toContain(key.toUpperCase());
  });

  it('the README documents every key', () => {
    const text = read('README.md');
    for (const { key } of CONFIG_KEYS) expect(text).toContain(`\`${key}\``);
  });
});
