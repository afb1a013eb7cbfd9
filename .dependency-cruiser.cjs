/**
 * Module boundaries (docs/architecture.md, STYLE.md "A module's service is its only door").
 * Run by `npm run lint` beside Biome; a violation fails the lint.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-foreign-repository',
      comment:
        "A module's service is its only door: another module (or a flow, route, lib or http file outside the module) never imports its repository; call the service instead.",
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/modules/' },
      to: { path: '^src/modules/[^/]+/[^/]+\\.repository\\.ts$' },
    },
    {
      name: 'no-foreign-repository-between-modules',
      comment: "A module never imports another module's repository; it calls that module's service.",
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/[^/]+/[^/]+\\.repository\\.ts$', pathNot: '^src/modules/$1/' },
    },
    {
      name: 'no-cycles',
      comment:
        'Import cycles anywhere in src/ hide which module depends on which; break them with a flow in src/flows/.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-http-or-lib-into-modules',
      comment:
        'src/http and src/lib sit below the modules: they must not import them (app.ts hands http what it needs).',
      severity: 'error',
      from: { path: '^src/(http|lib)/' },
      // Type-only imports stay allowed until the storefront context moves to src/lib (issue 11, point 3).
      to: { path: '^src/modules/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'flows-only-from-entry-points',
      comment:
        "Flows span modules, so only entry points call them: routes, the CLI, the worker and app wiring; a module's service never does.",
      severity: 'error',
      from: {
        path: '^src/',
        pathNot: [
          '\\.routes\\.ts$',
          '^src/flows/',
          '^src/worker/',
          '^src/main\\.ts$',
          '^src/app\\.ts$',
          '^src/cli/',
        ],
      },
      to: { path: '^src/flows/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
