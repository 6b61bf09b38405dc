/**
 * DLNA (UPnP AV) headers for smart TVs and renderers, per DLNA Guidelines 7.4.26
 * (getcontentFeatures.dlna.org), 7.4.49 (transferMode.dlna.org) and 7.4.1.3.22 (the
 * 4th field of protocolInfo). Pure, so the flags are tested as exact strings.
 */

export type TransferMode = 'Streaming' | 'Interactive' | 'Background';

export interface DlnaRequest {
  mimeType: string;
  /** The `getcontentFeatures.dlna.org` request header, if sent. */
  getContentFeatures?: string;
  /** The `transferMode.dlna.org` request header, if sent. */
  transferMode?: string;
}

export type DlnaAnswer =
  | { ok: true; headers: Record<string, string> }
  | { ok: false; status: 400 | 406; message: string };

// DLNA.ORG_FLAGS, primary flags (the high 32 bits of a 128-bit hex field)
const SENDER_PACED = 1 << 31;
const STREAMING_MODE = 1 << 24;
const INTERACTIVE_MODE = 1 << 23;
const BACKGROUND_MODE = 1 << 22;
const CONNECTION_STALL = 1 << 21;
const DLNA_V15 = 1 << 20;

/** `DLNA.ORG_FLAGS`: 8 hex digits of primary flags, then 24 reserved zeros. */
export function dlnaFlags(mode: TransferMode): string {
  const modeFlag = mode === 'Streaming' ? STREAMING_MODE : mode === 'Interactive' ? INTERACTIVE_MODE : 0;
  // never sender-paced: we serve as fast as the client reads (and the swarm allows)
  const flags = (modeFlag | BACKGROUND_MODE | CONNECTION_STALL | DLNA_V15) & ~SENDER_PACED;
  return (flags >>> 0).toString(16).padStart(8, '0') + '0'.repeat(24);
}

/** The transfer mode a file is meant for: A/V plays as it arrives, images show at once. */
export function naturalTransferMode(mimeType: string): TransferMode {
  if (/^(video|audio)\//.test(mimeType)) return 'Streaming';
  if (mimeType.startsWith('image/')) return 'Interactive';
  return 'Background';
}

/**
 * `DLNA.ORG_OP=01`: byte-range seek yes, time seek no (we answer Range, not
 * TimeSeekRange.dlna.org). `DLNA.ORG_CI=0`: the file as stored, not transcoded.
 */
export function contentFeatures(mimeType: string): string {
  return `DLNA.ORG_OP=01;DLNA.ORG_CI=0;DLNA.ORG_FLAGS=${dlnaFlags(naturalTransferMode(mimeType))}`;
}

/**
 * The DLNA headers of a stream answer. A `getcontentFeatures.dlna.org` other than `1` is
 * a 400 (7.4.26.5); a transfer mode the file does not support is a 406 (7.4.49.6):
 * Background fits any file, Streaming only audio/video, Interactive only images.
 */
export function dlnaHeaders(request: DlnaRequest): DlnaAnswer {
  const natural = naturalTransferMode(request.mimeType);
  const get = request.getContentFeatures?.trim();
  if (get !== undefined && get !== '1') {
    return { ok: false, status: 400, message: 'getcontentFeatures.dlna.org must be 1' };
  }
  const asked = request.transferMode?.trim();
  let mode: TransferMode = natural;
  if (asked !== undefined && asked !== '') {
    const known = (['Streaming', 'Interactive', 'Background'] as const).find((m) => m.toLowerCase() === asked.toLowerCase());
    if (!known) return { ok: false, status: 400, message: 'transferMode.dlna.org must be Streaming, Interactive or Background' };
    if (known !== 'Background' && known !== natural) {
      return { ok: false, status: 406, message: `transfer mode ${known} is not supported for ${request.mimeType}` };
    }
    mode = known;
  }
  return {
    ok: true,
    headers: { 'transferMode.dlna.org': mode, 'contentFeatures.dlna.org': contentFeatures(request.mimeType) },
  };
}
