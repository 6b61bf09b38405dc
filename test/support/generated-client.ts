import openapiTS from 'openapi-typescript';
import ts from 'typescript';

/**
 * What a frontend's generated client sees: openapi-typescript (the generator most of our users
 * run) turns the document into types, and TypeScript in strict mode reads a probe against them.
 * Returns the compiler's messages for the probe; none means the probe type-checks.
 */
export async function typeCheckAgainstClient(document: object, probe: string): Promise<string[]> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the 6.x typings want its own OpenAPI3 type
  const generated = await openapiTS(document as any);
  // one module: the generated types, then the probe that uses them
  const files = new Map([['/client/probe.ts', `${generated}\n${probe}\n`]]);
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    types: [],
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
  };
  const host = ts.createCompilerHost(options);
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = (name) => files.has(name) || fileExists(name);
  host.readFile = (name) => files.get(name) ?? readFile(name);
  host.getSourceFile = (name, version, ...rest) => {
    const text = files.get(name);
    return text === undefined ? getSourceFile(name, version, ...rest) : ts.createSourceFile(name, text, version);
  };
  const program = ts.createProgram(['/client/probe.ts'], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
}
