/**
 * The product page rendered per request and never stored: where proxy.ts sends /products/<slug> when the
 * slug is not one the help center has (lib/public-slugs.ts), so a made-up address is a 404 that
 * leaves no ISR file on disk, and a product newer than the proxy's list still shows.
 */
export const dynamic = 'force-dynamic';

export { default, generateMetadata } from '../../../../products/[slug]/page';
