/** The product 404 for the per-request copy of the product page (proxy.ts sends unknown slugs here). */
export { default, metadata } from '../../../../products/[slug]/not-found';
