/**
 * The categorie page rendered per request and never stored: where proxy.ts sends /categories/<slug> when the
 * slug is not one the help center has (lib/public-slugs.ts), so a made-up address is a 404 that
 * leaves no ISR file on disk, and a categorie newer than the proxy's list still shows.
 */
export const dynamic = 'force-dynamic';

export { default, generateMetadata } from '../../../../categories/[slug]/page';
