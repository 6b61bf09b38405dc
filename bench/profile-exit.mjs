// Preloaded (--import) into a server started with --cpu-prof. V8 writes the profile only
// on a normal exit, but Nest's shutdown hooks end the process by re-raising SIGTERM.
// SIGUSR2, which nothing else listens to, exits normally instead.
process.on('SIGUSR2', () => process.exit(0));
