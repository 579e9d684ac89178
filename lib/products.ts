/**
 * The product list for server-rendered pages, read once per request: the help-center frame
 * (HelpShell) and the page inside it both need it, and React's `cache` shares one query between them.
 */
import 'server-only';
import { cache } from 'react';
import { listProducts, type Product } from '@/db/queries/collections';
import { getAppDb } from '@/lib/startup';

/**
 * @returns the products with published articles, in home-page order (see listProducts).
 * @throws database errors.
 */
export const getProducts: () => Promise<Product[]> = cache(async () => listProducts(await getAppDb()));
