import type { Metadata } from 'next';
import { NotFoundContent } from '@/components/help/NotFoundContent';
import { getProducts } from '@/lib/products';

export const metadata: Metadata = { title: 'Product not found' };

/**
 * `/products/<unknown>`: says it is the product that is unknown, and lists the products the help
 * center does cover (none listed when the list cannot be read: the page still answers 404).
 */
export default async function ProductNotFound() {
  const products = await getProducts().catch(() => []);
  return (
    <NotFoundContent
      title="We couldn’t find that product"
      text={products.length ? 'The help center covers these products:' : 'Try searching, or start from the help center home.'}
      links={products.map((p) => ({ href: `/products/${p.slug}`, label: p.title }))}
    />
  );
}
