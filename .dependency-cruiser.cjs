/**
 * Import rules that keep the architecture honest: src/core is pure and takes
 * bytes and explicit inputs; the shells (http, storage, cli, services, keys, config, views, logging)
 * wrap it.
 * Run with `npm run lint:deps`; `npm test` runs it too.
 */
const SHELLS = ['http', 'storage', 'cli', 'services', 'keys', 'config', 'views', 'logging'];
// dependency-cruiser reports built-ins without their `node:` prefix (`node:fs` resolves to `fs`).
const IMPURE_BUILTINS = ['fs', 'fs/promises', 'child_process', 'http'];
const IMPURE_PACKAGES = ['express', 'multer', 'mongoose', 'mongodb', 'pino'];

module.exports = {
  forbidden: [
    {
      name: 'core-not-to-shells',
      comment: 'src/core is pure: it must not depend on the layers that wrap it.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: `^src/(${SHELLS.join('|')})/` },
    },
    {
      name: 'core-not-to-io-builtins',
      comment: 'src/core is pure: no file system, processes or servers; the shells do I/O.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { dependencyTypes: ['core'], path: `^(node:)?(${IMPURE_BUILTINS.join('|')})$` },
    },
    {
      name: 'core-not-to-io-packages',
      comment: 'src/core is pure: no web framework, database driver or logger (deep imports included).',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: `(^|/)node_modules/(${IMPURE_PACKAGES.join('|')})/` },
    },
    {
      name: 'no-circular',
      comment: 'A cycle of runtime imports hides the direction of the design and breaks ESM initialisation order.',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-circular-through-types',
      comment: 'A cycle closed by a type-only import is erased at runtime, but still tangles two modules: move the shared type.',
      severity: 'warn',
      from: {},
      to: { circular: true, via: { dependencyTypes: ['type-only'] } },
    },
    {
      name: 'src-not-to-test',
      comment: 'Production code never depends on test helpers or fixtures.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^test/' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that does not resolve is a typo or a missing dependency.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      // NodeNext: `./objects.js` in a .ts file means `./objects.ts` (dependency-cruiser maps it).
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
