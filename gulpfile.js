const { src, dest } = require('gulp');

/** tsc compiles only TypeScript; the node and credential icons must sit next to the compiled files. */
function copyIcons() {
	return src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(dest('dist'));
}

exports['build:icons'] = copyIcons;
