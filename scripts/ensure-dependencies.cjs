// Lets `npm start` and `npm test` work straight after cloning: installs the locked dev dependencies once.
// (.npmrc skips install scripts: a linter plugin's preinstall refuses npm; nothing the project uses needs one.)
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { execSync } = require('node:child_process');

const root = join(__dirname, '..');
if (!existsSync(join(root, 'node_modules', '.package-lock.json'))) {
	process.stdout.write(
		'Installing the dev dependencies (npm ci, this once). npm may warn "EBADENGINE ... isolated-vm ... node >=24":\n' +
			'that module comes with n8n\'s tooling, is not built (.npmrc skips install scripts) and is not used on Node 20 or 22.\n',
	);
	execSync('npm ci --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
}
