/**
 * `npm run build`: compiles src/ with the TypeScript compiler and
 * tsconfig.build.json into dist/, JavaScript that `node dist/main.js` runs
 * without tsx.
 *
 * This is tsc with one addition: the sources import each other without an
 * extension (`from './config'`), which TypeScript resolves but Node's ES
 * module loader does not. While emitting, every relative import and export is
 * given the path of the file TypeScript resolved it to, with `.js`
 * (`./config.js`, `./routes/index.js`). Type errors fail the build;
 * `--no-check` leaves the checking out, for `npm test`, which has just run
 * `tsc --noEmit` over everything.
 *
 * Then the portal (portal/, React) is bundled by Vite into dist/portal, which
 * the Kvorum process serves at `/` (its type check is `tsc -p portal`).
 */
import { rmSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import ts from 'typescript';
import { build as bundle } from 'vite';

const CONFIG_FILE = 'tsconfig.build.json';

function build(check: boolean): number {
  const host: ts.ParseConfigFileHost = {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => report([diagnostic]),
  };
  const config = ts.getParsedCommandLineOfConfigFile(CONFIG_FILE, undefined, host);
  if (config === undefined) return 1;
  if (config.errors.length > 0) return report(config.errors);
  const options = { ...config.options, noCheck: !check };
  // Files of sources that are gone must not linger in the output.
  if (options.outDir !== undefined) rmSync(options.outDir, { recursive: true, force: true });
  const program = ts.createProgram({ rootNames: config.fileNames, options, projectReferences: config.projectReferences });
  const emitted = program.emit(undefined, undefined, undefined, false, { after: [withJsExtensions(options)] });
  return report([...(check ? ts.getPreEmitDiagnostics(program) : []), ...emitted.diagnostics]);
}

/** Rewrites `'./x'` to the emitted file's relative path, e.g. `'./x.js'` or `'./x/index.js'`. */
function withJsExtensions(options: ts.CompilerOptions): ts.TransformerFactory<ts.SourceFile> {
  return (context) => (sourceFile) => {
    const { factory } = context;
    const rewrite = (specifier: ts.Expression): ts.Expression => {
      if (!ts.isStringLiteral(specifier) || !/^\.\.?\//.test(specifier.text)) return specifier;
      const resolved = ts.resolveModuleName(specifier.text, sourceFile.fileName, options, ts.sys).resolvedModule;
      if (resolved === undefined || resolved.isExternalLibraryImport || !/\.tsx?$/.test(resolved.resolvedFileName)) {
        throw new Error(`${sourceFile.fileName}: cannot resolve ${specifier.text} to a source file`);
      }
      let path = relative(dirname(sourceFile.fileName), resolved.resolvedFileName).replace(/\.tsx?$/, '.js');
      if (!path.startsWith('.')) path = `./${path}`;
      return factory.createStringLiteral(path);
    };
    const visit = (node: ts.Node): ts.Node => {
      if (ts.isImportDeclaration(node)) {
        return factory.updateImportDeclaration(node, node.modifiers, node.importClause, rewrite(node.moduleSpecifier), node.attributes);
      }
      if (ts.isExportDeclaration(node) && node.moduleSpecifier !== undefined) {
        return factory.updateExportDeclaration(
          node,
          node.modifiers,
          node.isTypeOnly,
          node.exportClause,
          rewrite(node.moduleSpecifier),
          node.attributes,
        );
      }
      if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] !== undefined) {
        return factory.updateCallExpression(node, node.expression, node.typeArguments, [
          rewrite(node.arguments[0]),
          ...node.arguments.slice(1),
        ]);
      }
      return ts.visitEachChild(node, visit, context);
    };
    return ts.visitEachChild(sourceFile, visit, context);
  };
}

function report(diagnostics: readonly ts.Diagnostic[]): number {
  if (diagnostics.length === 0) return 0;
  process.stderr.write(
    ts.formatDiagnosticsWithColorAndContext(diagnostics, {
      getCanonicalFileName: (fileName) => fileName,
      getCurrentDirectory: () => ts.sys.getCurrentDirectory(),
      getNewLine: () => ts.sys.newLine,
    }),
  );
  return 1;
}

const compiled = build(!process.argv.includes('--no-check'));
if (compiled === 0) await bundle({ configFile: 'portal/vite.config.ts' });
process.exitCode = compiled;
