/**
 * The real-n8n end-to-end suite: the packed package in fresh n8n instances (see scripts/n8n/). Tests start
 * n8n processes and share the machine's ports and CPU, so they run one file at a time.
 * Run: scripts/n8n/provision.sh && npm run build && npx jest -c test/e2e/jest.config.js
 * @type {import('jest').Config}
 */
const base = require('../../jest.config.js');

module.exports = {
	...base,
	rootDir: '../..',
	roots: ['<rootDir>/test/e2e'],
	testPathIgnorePatterns: ['/node_modules/'],
	maxWorkers: 1,
	testTimeout: 300000,
};
