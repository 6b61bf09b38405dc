import { describe, expect, it } from 'vitest';
import { languageFromNameToken, languageName, toBcp47 } from './language.util.js';

describe('toBcp47', () => {
  it('turns container tags and names into the shortest BCP 47 tag', () => {
    expect(['eng', 'fre', 'fra', 'ger', 'en', 'pt-br', 'en_US', 'English', 'Français', 'Русский', 'chi', 'fil'].map(toBcp47)).toEqual(
      ['en', 'fr', 'fr', 'de', 'en', 'pt-BR', 'en-US', 'en', 'fr', 'ru', 'zh', 'fil'],
    );
    expect(['und', '', undefined, 'qaa', 'xx', 'zz'].map(toBcp47)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it('is strict with file-name tokens', () => {
    expect(['en', 'forced', 'the', 'sdh', 'English', '1080p', 'hi', 'rus'].map(languageFromNameToken)).toEqual(
      ['en', undefined, undefined, undefined, 'en', undefined, undefined, 'ru'],
    );
    expect([languageName('fr-CA'), languageName('ru'), languageName('fil'), languageName(undefined)]).toEqual(['French', 'Russian', undefined, undefined]);
  });
});
