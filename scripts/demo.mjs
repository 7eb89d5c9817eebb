// `npm run demo`: the main loop that exists today, on the bundled example backend. It copies
// examples/shop-api to .bo-demo/ (so the example stays clean) and drives the real CLI there.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const example = path.join(root, 'examples', 'shop-api');
const work = path.join(root, '.bo-demo', 'shop-api');
const bin = path.join(root, 'bin', 'bo.js');
const color = process.stdout.isTTY && !process.env.NO_COLOR;
const bold = (s) => (color ? `\u001b[1m${s}\u001b[22m` : s);
const dim = (s) => (color ? `\u001b[2m${s}\u001b[22m` : s);

rmSync(path.dirname(work), { recursive: true, force: true });
cpSync(example, work, {
  recursive: true,
  filter: (src) => !/[\\/](node_modules|coverage|ai-state|\.pglite[^\\/]*)$/.test(src),
});

function bo(args, { show = true, json = false, allow = [0] } = {}) {
  const argv = [...args, ...(json ? ['--json'] : [])];
  if (show) process.stdout.write(`\n${bold(`$ bo ${argv.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ')}`)}\n`);
  const result = spawnSync(process.execPath, [bin, ...argv], { cwd: work, encoding: 'utf8', env: { ...process.env, BO_AGENT: 'demo-lead' } });
  if (!allow.includes(result.status)) {
    process.stderr.write(result.stderr);
    throw new Error(`bo ${argv.join(' ')} exited ${result.status}`);
  }
  if (show && !json) process.stdout.write(result.stdout);
  return json ? JSON.parse(result.stdout) : result.stdout;
}

process.stdout.write(`${bold('backend-orchestrator demo')} on ${path.relative(root, example)} ${dim(`(working copy: ${path.relative(root, work)})`)}\n`);

bo(['init']);
bo(['scan']);

// The gates on the example: it carries four planted flaws (examples/shop-api/FLAWS.md), so this exits 1.
bo(['check'], { allow: [1] });
// Fix flaw (a) the way an agent would, then check the security checklist again: its finding is gone.
const routes = path.join(work, 'src', 'routes', 'products.ts');
const source = readFileSync(routes, 'utf8');
const fixed = source.replace("productsRouter.patch(\n  '/:id/stock',\n", "productsRouter.patch(\n  '/:id/stock',\n  authenticate,\n  requireRole('admin'),\n");
if (fixed === source) throw new Error('demo: could not find the stock route to fix in src/routes/products.ts');
writeFileSync(routes, fixed);
process.stdout.write(`\n${dim('(fixed flaw a: added authenticate and requireRole(\'admin\') to PATCH /:id/stock)')}\n`);
bo(['check', '--gate', 'security'], { allow: [0, 1] });
// The dynamic gates: migrations on an embedded PostgreSQL, the service started, probed and
// load-tested, the example's own tests with coverage (its config gives the admin login).
bo(['check', '--live', '--gate', 'security,metrics'], { allow: [0, 1] });

const index = bo(['task', 'add', 'Add an index on order_items.product_id', '--target', 'order_items', '--priority', 'high'], { show: false, json: true });
process.stdout.write(`\n${bold('$ bo task add "Add an index on order_items.product_id" --target order_items --priority high --json')}\n${dim(`→ ${index.id} (${index.skill}, ${index.status})`)}\n`);
bo(['task', 'add', 'Add pagination and filtering to GET /api/v1/products', '--type', 'api', '--requirement', 'pagination', '--requirement', 'filtering', '--target', 'GET /api/v1/products', '--depends', index.id]);
bo(['task', 'add', 'Require authentication on DELETE /api/v1/reviews/{id}', '--target', 'DELETE /api/v1/reviews/{id}', '--requirement', 'auth required']);

writeFileSync(
  path.join(work, 'plan.yaml'),
  [
    '# A small plan: the endpoint waits for its table.',
    '- key: wishlist-table',
    '  title: Create the wishlist_items table migration',
    '  targets: [wishlist_items]',
    '- title: Add GET /api/v1/users/{id}/wishlist',
    '  depends: [wishlist-table]',
    '  requirements: [pagination, auth required]',
    '  targets: ["GET /api/v1/users/{id}/wishlist"]',
    '',
  ].join('\n'),
);
bo(['task', 'add', '--from', 'plan.yaml']);
bo(['task', 'list']);
bo(['next']);
bo(['next', '--batch', '3']);
bo(['claim', index.id, '--agent', 'claude-1', '--lease', '30m']);
const conflict = spawnSync(process.execPath, [bin, 'claim', index.id, '--agent', 'codex-1'], { cwd: work, encoding: 'utf8' });
process.stdout.write(`\n${bold(`$ bo claim ${index.id} --agent codex-1`)}\n${conflict.stderr}${dim(`(exit ${conflict.status}: another agent holds the lease)`)}\n`);
bo(['progress', index.id, 'migration written, testing rollback', '--percent', '60', '--agent', 'claude-1']);
const api = bo(['task', 'list', '--json'], { show: false, json: true }).find((t) => t.title.startsWith('Add pagination'));
bo(['context', api.id, '--max-tokens', '1500']);
bo(['task', 'show', index.id]);

// The seed's loop: a frontend asks for an endpoint the example lacks; the request becomes a task;
// an agent implements it (first with two flaws, then fixed: examples/agent-work/category-products);
// submit runs the task's gates, live on its endpoint; done → backend.api.ready and the docs.
const request = JSON.stringify({ endpoint: '/api/v1/categories/{id}/products', requirements: ['pagination'], description: 'Products of a category' });
const received = bo(['emit', 'frontend.api.request', '--id', 'demo-request-1', '--source', 'urn:frontend-orchestrator:shop-web', '--data', request], { json: true, show: false });
process.stdout.write(`\n${bold('$ bo emit frontend.api.request --id demo-request-1 --source urn:frontend-orchestrator:shop-web --data \'' + request + '\'')}\n${dim(`→ seq ${received.seq}, task ${received.task.id} (${received.task.action})`)}\n`);
bo(['emit', 'frontend.api.request', '--id', 'demo-request-1', '--source', 'urn:frontend-orchestrator:shop-web', '--data', request]);
const feature = received.task.id;
bo(['claim', feature, '--agent', 'claude-1']);
const attempt = (name) => {
  const dir = path.join(root, 'examples', 'agent-work', 'category-products', name);
  for (const [file, target] of [['category-repository.ts', 'src/repositories/category-repository.ts'], ['categories.ts', 'src/routes/categories.ts']]) {
    writeFileSync(path.join(work, target), readFileSync(path.join(example, target), 'utf8') + readFileSync(path.join(dir, `${file}.append`), 'utf8'));
  }
  const spec = readFileSync(path.join(example, 'openapi.yaml'), 'utf8');
  const at = spec.indexOf('  /api/v1/products:');
  writeFileSync(path.join(work, 'openapi.yaml'), spec.slice(0, at) + readFileSync(path.join(dir, 'openapi.yaml.insert'), 'utf8') + spec.slice(at));
  process.stdout.write(`\n${dim(`(claude-1 implements GET /api/v1/categories/{id}/products: examples/agent-work/category-products/${name})`)}\n`);
};
attempt('flawed');
bo(['submit', feature, '--agent', 'claude-1'], { allow: [1] });
attempt('fixed');
bo(['submit', feature, '--agent', 'claude-1']);
bo(['events', '--type', 'backend.api.ready', '--json']);
bo(['events']);
const docs = readFileSync(path.join(work, 'backend-developer.md'), 'utf8');
process.stdout.write(`\n${bold('backend-developer.md')} ${dim('(changelog)')}\n${docs.slice(docs.indexOf('## Changelog')).split('\n').slice(0, 14).join('\n')}\n`);
process.stdout.write(`\n${bold('Done.')} State is in ${path.relative(root, path.join(work, 'ai-state'))}/ — try: node bin/bo.js task list -C ${path.relative(root, work)}\n`);
