// Maps ./file.cjs to ./file.cts only for our own sources, never inside node_modules.
const fs = require('node:fs');
const path = require('node:path');
module.exports = (request, options) => {
	if (/^\.{1,2}\/.*\.cjs$/.test(request) && !options.basedir.includes(`${path.sep}node_modules${path.sep}`)) {
		const typescript = path.resolve(options.basedir, request.replace(/\.cjs$/, '.cts'));
		if (fs.existsSync(typescript)) return typescript;
	}
	return options.defaultResolver(request, options);
};
