/** When a viewer is about to finish a media file: the share of it read, or the media time left. */
export interface NextEpisodeTrigger {
  /** 0..1 of the file's bytes read. */
  share: number;
  /** Seconds of media left (when the bitrate is known): credits and outros run about this long. */
  lastSeconds: number;
}

export const DEFAULT_NEXT_EPISODE_TRIGGER: NextEpisodeTrigger = { share: 0.9, lastSeconds: 180 };

/**
 * True once a reader at byte `position` of a file of `length` bytes has passed `share` of
 * it, or (bitrate known) has at most `lastSeconds` of media left, whichever comes first:
 * 90 % of a two-hour film leaves 12 minutes, 90 % of a 20-minute episode only 2, less than
 * its credits and the next episode's download of head and tail need.
 */
export function nextEpisodeDue(
  length: number,
  position: number,
  bytesPerSecond?: number,
  trigger: NextEpisodeTrigger = DEFAULT_NEXT_EPISODE_TRIGGER,
): boolean {
  if (length <= 0) return false;
  if (position >= trigger.share * length) return true;
  return bytesPerSecond !== undefined && bytesPerSecond > 0 && length - position <= trigger.lastSeconds * bytesPerSecond;
}
