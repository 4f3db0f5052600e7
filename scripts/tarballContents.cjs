// What the published tarball may hold, shared by `npm run scan` (which checks the real `npm pack`) and its test.
// n8n loads only what package.json's `n8n` section names; anything else (tests, the emulator, scripts, stray
// files that `n8n-node build` copies into dist/) is dead weight that n8n's verification would question.

/** Compiled code, its source maps, icons and codex files under dist/nodes and dist/credentials, and the documents. */
const allowedInTarball = [
	/^package\.json$/,
	/^README\.md$/,
	/^LICENSE$/,
	/^dist\/(nodes|credentials)\/.+\.js(\.map)?$/,
	/^dist\/(nodes|credentials)\/.+\.(svg|png)$/,
	/^dist\/nodes\/.+\.node\.json$/,
];

/**
 * The paths (relative to the package root, as `npm pack --json` lists them) that must not be published.
 * @param {string[]} paths
 * @returns {string[]}
 */
function filesNotAllowedInTarball(paths) {
	return paths.filter((path) => !allowedInTarball.some((pattern) => pattern.test(path)));
}

/**
 * The node and credential files package.json registers with n8n that the tarball lacks.
 * @param {string[]} paths
 * @param {{ n8n?: { nodes?: string[]; credentials?: string[] } }} packageJson
 * @returns {string[]}
 */
function registeredFilesMissingFromTarball(paths, packageJson) {
	const registered = [...(packageJson.n8n?.nodes ?? []), ...(packageJson.n8n?.credentials ?? [])];
	return registered.filter((file) => !paths.includes(file));
}

module.exports = { filesNotAllowedInTarball, registeredFilesMissingFromTarball };
