// npm scripts run on the Node that the `node` dependency installs into node_modules/.bin.
// Fail fast with one clear line if that did not happen (e.g. `npm ci --ignore-scripts`).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(
    `tod-p2m needs Node >= 22.12 but npm scripts run on ${process.version}. ` +
      'Run `npm ci` so that the bundled Node (the "node" dependency) is installed.',
  );
  process.exit(1);
}
