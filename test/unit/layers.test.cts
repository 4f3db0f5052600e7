import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

import * as ts from 'typescript';

/**
 * The node's layers, lowest first. A file may import from a lower layer or from its own folder; never from a
 * higher layer or sideways from another folder of the same layer. Read from the compiler's own view of each
 * file's imports, so a re-export or a type-only import counts as well.
 */
const layers: string[][] = [['model'], ['auth'], ['transport'], ['api', 'descriptions'], ['actions', 'trigger', 'methods'], ['.']];

const nodeRoot = resolve(__dirname, '../../nodes/MicrosoftDefenderXdr');

function sourceFiles(folder: string): string[] {
	return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
		const path = join(folder, entry.name);
		if (entry.isDirectory()) return sourceFiles(path);
		return entry.name.endsWith('.ts') ? [path] : [];
	});
}

/** The top folder of a file below the node's root ("." for the node files themselves). */
function folderOf(file: string): string {
	const parts = relative(nodeRoot, file).split(sep);
	return parts.length === 1 ? '.' : parts[0];
}

function layerOf(folder: string): number {
	const index = layers.findIndex((layer) => layer.includes(folder));
	if (index < 0) throw new Error(`The folder "${folder}" has no layer; add it to the list in this test`);
	return index;
}

interface Import {
	from: string;
	to: string;
}

function importsOf(file: string): Import[] {
	const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
	return info.importedFiles
		.map((imported) => imported.fileName)
		.filter((name) => name.startsWith('.'))
		.map((name) => ({ from: file, to: resolvedFile(resolve(dirname(file), name)) }));
}

/** The file an import names: `./x` is `./x.ts` or the folder's `./x/index.ts`, as the compiler resolves it. */
function resolvedFile(path: string): string {
	const candidates = [`${path}.ts`, join(path, 'index.ts'), path];
	const found = candidates.find((candidate) => existsSync(candidate) && !candidate.endsWith(sep));
	if (found === undefined) throw new Error(`Cannot resolve the import ${path}`);
	return found;
}

const allImports = sourceFiles(nodeRoot).flatMap(importsOf);

it('reads the imports of every file of the node', () => {
	expect(allImports.length).toBeGreaterThan(100);
	expect(new Set(allImports.map((entry) => folderOf(entry.from)))).toEqual(new Set(layers.flat()));
});

it('has no upward or sideways import between the layers', () => {
	const offending = allImports
		.filter(({ from, to }) => {
			const [fromFolder, toFolder] = [folderOf(from), folderOf(to)];
			if (fromFolder === toFolder) return false;
			return layerOf(toFolder) >= layerOf(fromFolder);
		})
		.map(({ from, to }) => `${relative(nodeRoot, from)} -> ${relative(nodeRoot, to)}`);
	expect(offending).toEqual([]);
});

it('keeps the model free of everything but n8n-workflow types', () => {
	const modelFiles = sourceFiles(join(nodeRoot, 'model'));
	const outside = modelFiles.flatMap((file) =>
		ts
			.preProcessFile(readFileSync(file, 'utf8'), true, true)
			.importedFiles.map((imported) => imported.fileName)
			.filter((name) => !name.startsWith('./') && name !== 'n8n-workflow')
			.map((name) => `${relative(nodeRoot, file)} imports ${name}`),
	);
	expect(outside).toEqual([]);
});

it('lets the credential types reach into the node only for its model and auth layers', () => {
	const credentialsRoot = resolve(__dirname, '../../credentials');
	const reached = sourceFiles(credentialsRoot)
		.flatMap(importsOf)
		.filter(({ to }) => to.startsWith(nodeRoot))
		.map(({ from, to }) => ({ file: relative(credentialsRoot, from), folder: folderOf(to) }));
	expect(reached.length).toBeGreaterThan(0);
	expect(reached.filter(({ folder }) => folder !== 'model' && folder !== 'auth')).toEqual([]);
});
