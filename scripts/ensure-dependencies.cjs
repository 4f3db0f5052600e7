// Lets `npm start` and `npm test` work straight after cloning: installs the locked dev dependencies once.
// (--ignore-scripts: a linter plugin's preinstall refuses npm; nothing the project uses needs install scripts.)
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { execSync } = require('node:child_process');

const root = join(__dirname, '..');
if (!existsSync(join(root, 'node_modules', '.package-lock.json'))) {
	process.stdout.write('Installing the dev dependencies (npm ci, first run only)...\n');
	execSync('npm ci --ignore-scripts --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
}
