import { registerHooks } from 'node:module';

/**
 * webtorrent imports a WebRTC implementation at load time (bittorrent-tracker → simple-peer →
 * webrtc-polyfill → node-datachannel, a native library), although only browser peers reached
 * through ws:// or wss:// trackers ever use it. With WebRTC off, that import resolves to a
 * module without RTCPeerConnection: the native library is never loaded, and bittorrent-tracker
 * skips ws(s) trackers because it sees no WebRTC support.
 *
 * Call it before anything imports webtorrent; it lasts for the process.
 */
export function disableWebRtc(): void {
  registerHooks({
    resolve(specifier, context, nextResolve) {
      if (specifier === WEBRTC_MODULE) return { url: NO_WEBRTC_MODULE, format: 'module', shortCircuit: true };
      return nextResolve(specifier, context);
    },
  });
}

const WEBRTC_MODULE = 'webrtc-polyfill';

/** The names simple-peer imports from webrtc-polyfill, all undefined. */
const NO_WEBRTC_MODULE = `data:text/javascript,${encodeURIComponent(
  'export const RTCPeerConnection = undefined, RTCSessionDescription = undefined, RTCIceCandidate = undefined; export default {};',
)}`;
