/** Architecture rules, run by the test command (npm run boundaries). */
module.exports = {
  forbidden: [
    {
      name: 'no-app-to-app',
      comment: 'An app never imports another app: talk through contracts and messages.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/', pathNot: '^apps/host/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'host-loads-app-modules-only',
      comment: 'The host process runs other apps whole: it loads their root modules and nothing inside them.',
      severity: 'error',
      from: { path: '^apps/host/' },
      to: { path: '^apps/(?!host/)', pathNot: '^apps/[^/]+/src/app\\.module\\.ts$' },
    },
    {
      name: 'no-lib-to-app',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'libs-through-barrels',
      comment: 'Import a library only through its index (the @app/<lib> alias).',
      severity: 'error',
      from: { path: '^(apps|libs)/([^/]+)/' },
      to: { path: '^libs/([^/]+)/src/.+', pathNot: ['^libs/[^/]+/src/index\\.ts$', '^libs/$2/'] },
    },
    {
      name: 'domain-is-pure',
      comment: 'Domain code imports no infrastructure, no framework, no transport.',
      severity: 'error',
      from: { path: '/domain/' },
      to: {
        path: [
          '/(infrastructure|api|application)/',
          'node_modules/(typeorm|kafkajs|pg|@nestjs|express|winston)/',
        ],
      },
    },
    {
      name: 'saga-core-is-pure',
      comment: 'libs/saga is a pure engine: no Nest, no TypeORM, no Kafka, no clock adapters.',
      severity: 'error',
      from: { path: '^libs/saga/' },
      to: { path: 'node_modules/(typeorm|kafkajs|pg|@nestjs|express|winston)/' },
    },
    {
      name: 'contracts-are-types',
      comment: 'libs/contracts holds types and schemas only.',
      severity: 'error',
      from: { path: '^libs/contracts/' },
      to: { path: ['^libs/(?!contracts/)', 'node_modules/(typeorm|kafkajs|pg|@nestjs|express)/'] },
    },
    {
      name: 'message-schemas-in-contracts',
      comment:
        'A message has one schema, in libs/contracts beside its type, that its producer and every consumer share: no app keeps a <use-case>.schema.ts or a schemas file of its own.',
      severity: 'error',
      from: { path: '^(apps|libs)/' },
      to: { path: '^apps/.+(\\.schema|[-.]schemas)\\.ts$' },
    },
    {
      name: 'ajv-in-contracts-and-consumers',
      comment:
        'Schemas are written (typed with ajv) only in libs/contracts and compiled only by the consumers that validate messages; an app that imports ajv is defining a schema of its own.',
      severity: 'error',
      from: {
        path: '^(apps|libs)/',
        pathNot: [
          '^libs/contracts/',
          '^libs/messaging/src/(command|idempotent)-consumer\\.ts$',
          '^apps/orchestrator/src/sagas/infrastructure/replies\\.consumer\\.ts$',
        ],
      },
      to: { path: 'node_modules/ajv/' },
    },
    {
      name: 'testing-kit-in-specs-only',
      comment:
        'libs/testing (the saga test kit) is for specs and their fixtures; no service or library code depends on it.',
      severity: 'error',
      from: {
        path: '^(apps|libs)/',
        pathNot: ['\\.(spec|int-spec|fixture)\\.ts$', '^libs/testing/', '^libs/saga/src/testing/'],
      },
      to: { path: '^libs/testing/' },
    },
    {
      name: 'fixtures-in-specs-only',
      comment: 'Spec fixtures (*.fixture.ts: fake participants, short policies) are for specs and other fixtures.',
      severity: 'error',
      from: {
        path: '^(apps|libs)/',
        pathNot: ['\\.(spec|int-spec|fixture)\\.ts$', '^libs/testing/', '^libs/saga/src/testing/'],
      },
      to: { path: '\\.fixture\\.ts$' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^dist/|\\.gavel/)' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
