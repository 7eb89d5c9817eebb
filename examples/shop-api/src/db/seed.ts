import { transaction } from './index.js';

// Fixed ids keep the demo catalogue identical on every start.
const CATEGORIES = [
  { id: 'b8974c6f-9cba-4432-9e08-af9baa1cc605', slug: 'electronics', name: 'Electronics' },
  { id: '05458790-b195-4fae-ae97-a987de9a4246', slug: 'books', name: 'Books' },
  { id: '7e1803e3-e074-4238-adac-367e0f3e3d99', slug: 'home-kitchen', name: 'Home & Kitchen' },
] as const;

const PRODUCTS = [
  { id: '1e37273a-34cc-47d5-aecf-d560bbf41c40', sku: 'EL-1001', name: 'Wireless Headphones', category: 'electronics', price: '89.90', stock: 40, description: 'Over-ear, 30h battery, USB-C charging.' },
  { id: '5699a1a2-24f0-4ccd-aabb-e7cefbe8d89e', sku: 'EL-1002', name: 'Mechanical Keyboard', category: 'electronics', price: '129.00', stock: 25, description: 'Tenkeyless, hot-swappable switches.' },
  { id: '1407dbbe-0169-443d-96f0-59023e997c18', sku: 'EL-1003', name: 'USB-C Charger 65W', category: 'electronics', price: '39.50', stock: 120, description: 'GaN charger with two ports.' },
  { id: '18cdbbb4-1f49-4e4f-9b71-a85918e49a18', sku: 'BK-2001', name: 'Designing Data-Intensive Applications', category: 'books', price: '44.99', stock: 15, description: null },
  { id: '85cf9c00-089f-4dfb-a7e5-d4920ada72c2', sku: 'BK-2002', name: 'The Pragmatic Programmer', category: 'books', price: '37.95', stock: 22, description: '20th anniversary edition.' },
  { id: 'f64886a4-8ecf-4388-bf52-46d909a2a899', sku: 'HK-3001', name: 'Pour-Over Coffee Kettle', category: 'home-kitchen', price: '54.00', stock: 18, description: 'Gooseneck spout, 1 litre.' },
  { id: 'ec7d0021-eafb-457e-98a7-0d40435dc8a8', sku: 'HK-3002', name: 'Cast Iron Skillet', category: 'home-kitchen', price: '32.00', stock: 0, description: '26 cm, pre-seasoned.' },
] as const;

/** Inserts a small demo catalogue; safe to run repeatedly. */
export async function seedDemoCatalog(): Promise<void> {
  await transaction(async (tx) => {
    for (const category of CATEGORIES) {
      await tx.query('INSERT INTO categories (id, slug, name) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
        category.id,
        category.slug,
        category.name,
      ]);
    }
    for (const product of PRODUCTS) {
      await tx.query(
        `INSERT INTO products (id, sku, name, description, price, stock, category_id)
         SELECT $1, $2, $3, $4, $5, $6, id FROM categories WHERE slug = $7
         ON CONFLICT DO NOTHING`,
        [product.id, product.sku, product.name, product.description, product.price, product.stock, product.category],
      );
    }
  });
}
