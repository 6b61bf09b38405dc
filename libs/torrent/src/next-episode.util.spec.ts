import { describe, expect, it } from 'vitest';
import { nextEpisodeDue } from './next-episode.util.js';

describe('nextEpisodeDue', () => {
  it('is due from 90 % of the file on, without a bitrate', () => {
    expect(nextEpisodeDue(1000, 899)).toBe(false);
    expect(nextEpisodeDue(1000, 900)).toBe(true);
    expect(nextEpisodeDue(1000, 1000)).toBe(true);
  });

  it('is due at 90 % or in the last 3 minutes, whichever comes first', () => {
    const rate = 500_000;
    // a 2 h film: 90 % (12 min left) comes first
    const film = 7200 * rate;
    expect(nextEpisodeDue(film, film - 12 * 60 * rate, rate)).toBe(true);
    expect(nextEpisodeDue(film, film - 13 * 60 * rate, rate)).toBe(false);
    // a 20 min episode: 90 % is 2 min left, the last 3 min come first
    const episode = 1200 * rate;
    expect(nextEpisodeDue(episode, episode - 181 * rate, rate)).toBe(false);
    expect(nextEpisodeDue(episode, episode - 180 * rate, rate)).toBe(true);
  });

  it('is never due for an empty file', () => {
    expect(nextEpisodeDue(0, 0)).toBe(false);
  });
});
