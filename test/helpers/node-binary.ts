import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repo's own Node 24; the system `node` on dev machines can be too old. */
const REPO_NODE = fileURLToPath(new URL('../../node_modules/.bin/node', import.meta.url));
const MIN_MAJOR = 22;

/**
 * The Node binary for helper child processes: this process's own binary when it is
 * recent enough (vitest forks and `node bench/run.ts` both run the repo's Node), else
 * the one in node_modules/.bin.
 */
export function nodeBinary(): string {
  const major = Number(process.versions.node.split('.')[0]);
  if (major >= MIN_MAJOR) return process.execPath;
  if (existsSync(REPO_NODE)) return REPO_NODE;
  return process.execPath;
}
