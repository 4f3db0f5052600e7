const { src, dest } = require('gulp');

/** tsc compiles only TypeScript; icons and the codex files (*.node.json) must sit next to the compiled nodes. */
function copyIcons() {
	return src(['nodes/**/*.{png,svg,json}', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(
		dest('dist'),
	);
}

exports['build:icons'] = copyIcons;
