/**
 * Code that ships to n8n is `.ts` (linted with n8n's rules); dev tooling and tests are `.cts` (CommonJS
 * TypeScript), which n8n's lint does not cover because it never runs inside n8n.
 * @type {import('jest').Config}
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.cts', '**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/', '<rootDir>/test/queue/'],
	moduleFileExtensions: ['ts', 'cts', 'js', 'cjs', 'json'],
	// Dev files import each other as `./file.cjs`, which TypeScript and tsx map to `./file.cts`.
	resolver: '<rootDir>/test/jestResolver.cjs',
	// Transpile only: `npm run typecheck` type-checks the whole project once, instead of ts-jest once per test file.
	transform: {
		'^.+\\.c?ts$': ['ts-jest', { tsconfig: 'tsconfig.tooling.json' }],
	},
	testTimeout: 60000,
	reporters: ['default', '<rootDir>/test/summaryReporter.cjs'],
};
