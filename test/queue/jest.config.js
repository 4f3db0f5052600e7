/**
 * The queue-mode suite: a real n8n main instance and two workers on Redis and PostgreSQL (see test/queue/ and
 * scripts/n8n/services.cts). It starts many processes and runs for minutes, so one file at a time.
 * Run: bash scripts/n8n/provision.sh 2 && npm run build && npx jest -c test/queue/jest.config.js
 * @type {import('jest').Config}
 */
const base = require('../../jest.config.js');

module.exports = {
	...base,
	rootDir: '../..',
	roots: ['<rootDir>/test/queue'],
	testPathIgnorePatterns: ['/node_modules/'],
	maxWorkers: 1,
	testTimeout: 600000,
};
