// Preloaded (--import) into the webtorrent CLI. The CLI has no flag to turn off the DHT,
// LSD, UPnP/NAT-PMP or peer exchange, and the DHT alone would contact public bootstrap
// routers. This resolve hook hands the CLI's `import WebTorrent from 'webtorrent'` a
// subclass (loopback-webtorrent.mjs) that forces those off; nothing on disk is patched and
// the CLI's code, HTTP server and torrent options run as shipped.
import { registerHooks } from 'node:module';

const SHIM = new URL('./loopback-webtorrent.mjs', import.meta.url).href;
let cliParentURL;

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier !== 'webtorrent') return nextResolve(specifier, context);
    if (context.parentURL === SHIM) {
      // the shim's own import: the real package, as the CLI would have resolved it
      return nextResolve(specifier, { ...context, parentURL: cliParentURL ?? context.parentURL });
    }
    cliParentURL = context.parentURL;
    return { url: SHIM, shortCircuit: true };
  },
});
