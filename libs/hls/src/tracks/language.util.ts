import langs from 'langs';

/** Tags that say "no language" in containers and file names. */
const UNDETERMINED = new Set(['und', 'unk', 'mis', 'mul', 'zxx', 'xx', 'none']);
// Common words in release names that are also ISO 639 codes; never a language in a file name.
const NOT_LANGUAGE_IN_NAMES = new Set([
  'the',
  'and',
  'sub',
  'sdh',
  'cc',
  'hi',
  'an',
  'am',
  'as',
  'be',
  'by',
  'do',
  'he',
  'in',
  'is',
  'me',
  'my',
  'no',
  'on',
  'or',
  'so',
  'to',
  'we',
  'mp',
  'tv',
]);

/**
 * A container or file-name language tag → BCP 47 (`eng`, `fre`, `en-US`, `English`, `Français` → `en`, `fr`, `en-US`, `en`, `fr`).
 * The shortest form BCP 47 allows: ISO 639-1 when the language has one, else the 639-2/T code.
 */
export function toBcp47(tag: string | undefined): string | undefined {
  const value = tag?.trim();
  if (!value || UNDETERMINED.has(value.toLowerCase())) return undefined;
  const [primary, ...rest] = value.split(/[-_]/);
  const region = rest.length === 1 && /^[a-z]{2}$/i.test(rest[0]) ? `-${rest[0].toUpperCase()}` : '';
  const code = languageCode(primary) ?? (region ? undefined : languageCode(value));
  return code && `${code}${region}`;
}

/** Like toBcp47, but stricter for tokens of a file name, where short words are usually not languages. */
export function languageFromNameToken(token: string): string | undefined {
  if (NOT_LANGUAGE_IN_NAMES.has(token.toLowerCase())) return undefined;
  if (token.length > 3 && !/^[a-z]{2}-[a-z]{2}$/i.test(token) && languageByName(token) === undefined) return undefined;
  // in names, only three-letter codes of well-known languages: `cut`, `dts`, `hdr` are words
  if (/^[a-z]{3}$/i.test(token) && !['2B', '2T', '3'].some((type) => langs.has(type as '2B', token.toLowerCase())))
    return undefined;
  return toBcp47(token);
}

/** English name of a BCP 47 language (`fr-CA` → `French`), for labels. */
export function languageName(bcp47: string | undefined): string | undefined {
  if (!bcp47) return undefined;
  const primary = bcp47.split('-')[0];
  const found =
    primary.length === 2 ? langs.where('1', primary) : (langs.where('2T', primary) ?? langs.where('3', primary));
  return found?.name.split(/[;,]/)[0];
}

function languageCode(value: string): string | undefined {
  const lower = value.toLowerCase();
  if (/^[a-z]{2}$/.test(lower)) return langs.has('1', lower) ? lower : undefined;
  if (/^[a-z]{3}$/.test(lower)) {
    const found = langs.where('2B', lower) ?? langs.where('2T', lower) ?? langs.where('3', lower);
    if (found) return found['1'] || found['2T'];
    // a language without a two-letter code (fil, haw…) is its three-letter code in BCP 47; qaa–qtz are private use
    return /^q[a-t][a-z]$/.test(lower) ? undefined : lower;
  }
  return languageByName(value);
}

function languageByName(value: string): string | undefined {
  const name = value.toLowerCase();
  const found = langs.all().find((l) => l.name.toLowerCase() === name || l.local.toLowerCase() === name);
  return found && (found['1'] || found['2T']);
}
