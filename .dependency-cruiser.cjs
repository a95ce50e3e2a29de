/**
 * The architecture as rules (dependency-cruiser): `npm run check:imports` checks them, and
 * test/architecture/imports.test.ts runs that check in `npm test`. docs/architecture.md explains
 * the layers; a rule that fails names the file, the import and the rule.
 */
const SERVICES = '(acceptance|approval|supervision|notification)';

/**
 * The kernel's folders, lowest first: a folder imports only its own layer and the layers below.
 * Tests and contract suites (which use the sample domain of testing/) are left out.
 */
const KERNEL_LAYERS = [
  ['time', 'domain', 'async', 'faults', 'sqlite', 'mongo', 'postgres', 'keys'],
  ['codes', 'privacy'],
  ['logging', 'events', 'security', 'calendar', 'regions'],
  ['store', 'readmodel', 'sequence', 'lease', 'bus', 'auth'],
  ['telemetry'],
  ['messaging', 'projection'],
  ['app', 'calendar-sync'],
  ['grpc'],
  ['service', 'config'],
];
const TESTS = '\\.(test|contract)\\.ts$';
const folders = (layers) => `^services/platform/(${layers.flat().join('|')})/`;

const layerRules = KERNEL_LAYERS.slice(0, -1).map((layer, index) => ({
  name: `kernel-layer-${layer.join('-')}`,
  comment: `The kernel's ${layer.join(', ')} sit below ${KERNEL_LAYERS.slice(index + 1).flat().join(', ')}: a lower layer never imports a higher one.`,
  severity: 'error',
  from: { path: folders([layer]), pathNot: TESTS },
  to: { path: folders(KERNEL_LAYERS.slice(index + 1)) },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycle anywhere: every module can be understood from what it imports.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'kernel-knows-no-service',
      comment: 'services/platform is the shared kernel: it imports no service, no service\'s contract, no host.',
      severity: 'error',
      from: { path: '^services/platform/' },
      to: { path: [`^services/${SERVICES}/`, '^services/(contracts|host)/', `^generated/onewindow/${SERVICES}/`] },
    },
    {
      name: 'services-apart',
      comment: 'A service never imports another service\'s code: it knows the others through their contracts (generated/, services/contracts/).',
      severity: 'error',
      from: { path: `^services/${SERVICES}/` },
      to: { path: `^services/${SERVICES}/`, pathNot: '^services/$1/' },
    },
    {
      name: 'contracts-are-contracts',
      comment: 'services/contracts holds what every service may know of the others: it imports no service and no host.',
      severity: 'error',
      from: { path: '^services/contracts/' },
      to: { path: [`^services/${SERVICES}/`, '^services/host/'] },
    },
    {
      name: 'only-the-host-composes',
      comment: 'services/host is the composition root: the services and the kernel never import it.',
      severity: 'error',
      from: { path: '^services/(platform|contracts|acceptance|approval|supervision|notification)/' },
      to: { path: '^services/host/' },
    },
    {
      name: 'an-entry-point-hosts-its-service',
      comment: 'services/host/<service>/ (that service\'s entry point) imports its own service only, and not the all-in-one.',
      severity: 'error',
      from: { path: `^services/host/${SERVICES}/` },
      to: { path: [`^services/${SERVICES}/`, `^services/host/(${SERVICES.slice(1, -1)}|all-in-one)/`], pathNot: ['^services/$1/', '^services/host/$1/'] },
    },
    {
      name: 'domain-is-pure',
      comment: 'A service\'s domain (deciders) does no I/O: it imports no adapter, no application layer, no transport.',
      severity: 'error',
      from: { path: `^services/${SERVICES}/domain/` },
      to: { path: [`^services/${SERVICES}/(app|grpc)/`, '^services/platform/(store|readmodel|sequence|lease|bus|messaging|projection|app|grpc|service|sqlite|mongo|postgres|telemetry|config|privacy|keys|auth)/'] },
    },
    {
      name: 'app-below-transport',
      comment: 'Use cases (app/) know no transport: only grpc/ maps requests to them.',
      severity: 'error',
      from: { path: `^services/${SERVICES}/app/` },
      to: { path: [`^services/${SERVICES}/grpc/`, '^services/platform/grpc/'] },
    },
    ...layerRules,
  ],
  options: {
    // TypeScript 7's compiler has no JavaScript API yet; swc parses the sources, type imports included.
    parser: 'swc',
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['node_modules', '^dist/'] },
  },
};
